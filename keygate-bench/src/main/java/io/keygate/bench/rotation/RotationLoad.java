package io.keygate.bench.rotation;

import io.keygate.gateway.Gateway;
import io.keygate.gateway.GatewayOptions;
import io.keygate.gateway.GatewayServices;
import io.keygate.gateway.credentials.WithRotationEvents;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.CreatedKey;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.gateway.ratelimit.QuotaLedger;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.embedded.EmbeddedVaultSource;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import io.keygate.vault.rotation.Rotation;
import io.keygate.vault.rotation.RotationPolicyJson;
import io.keygate.vault.rotation.RotationRecord;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The rotation benchmark (issue #5): steady load through a real gateway, on loopback only, while
 * the embedded vault rotates the upstream credential every {@code --interval} ms for {@code
 * --seconds} s with its webhook generator (the upstream learns each new credential from the
 * rotation, never from the vault), with and without an overlap. Prints requests sent, non-2xx,
 * reads that reached the vault, retries, and the time from each rotation's commit (and from the
 * target's switch) to the first request carrying the new credential, p50 and p99. Stops by itself.
 *
 * <pre>
 * java -cp keygate-bench/target/benchmarks.jar io.keygate.bench.rotation.RotationLoad \
 *     [--seconds 30] [--interval 500] [--clients 4] [--mode both|overlap|no-overlap]
 * </pre>
 */
public final class RotationLoad {
  private RotationLoad() {}

  public static void main(String[] args) throws Exception {
    int seconds = 30;
    int interval = 500;
    int clients = 4;
    String mode = "both";
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--interval" -> interval = Integer.parseInt(args[i + 1]);
        case "--clients" -> clients = Integer.parseInt(args[i + 1]);
        case "--mode" -> mode = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.println(
        "| mode | rotations | requests | non-2xx | upstream 401s | retried (ok) | vault reads"
            + " | commit → first use p50 / p99 ms | target switch → first use p50 / p99 ms |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    int failures = 0;
    for (boolean overlap : new boolean[] {true, false}) {
      if (mode.equals("both") || mode.equals(overlap ? "overlap" : "no-overlap")) {
        failures += run(overlap, seconds, interval, clients);
      }
    }
    System.out.flush();
    System.exit(failures == 0 ? 0 : 1);
  }

  /** One run; returns the number of non-2xx answers. */
  private static int run(boolean overlap, int seconds, int interval, int clients) throws Exception {
    Path dir = Files.createTempDirectory("keygate-rotation-bench");
    byte[] master = new byte[32];
    new SecureRandom().nextBytes(master);
    VaultOptions options =
        VaultOptions.embedded(dir)
            .withMasterKey(
                MasterKeySource.keyMaterial(
                    SecretValue.of(Base64.getEncoder().encodeToString(master))))
            .withSweepInterval(Duration.ZERO);
    Vertx vertx = Vertx.vertx();
    try (SecretVault vault = SecretVault.open(options);
        Rotation rotation = Rotation.open(vault, options);
        HookUpstream upstream = HookUpstream.start(vertx, overlap, "initial-token");
        GatewayDatabase db = GatewayDatabase.sqlite(dir)) {
      vault.createVault("payments");
      vault.setSecret(
          "payments", "upstream-token", SetSecretRequest.of(SecretValue.of("initial-token")));
      byte[] hmac = new byte[32];
      new SecureRandom().nextBytes(hmac);
      vault.setSecret(
          "payments",
          "hook-key",
          SetSecretRequest.of(SecretValue.of(Base64.getEncoder().encodeToString(hmac))));
      rotation
          .policies()
          .set(
              "payments",
              "upstream-token",
              RotationPolicyJson.parse(
                  "{\"generator\": {\"type\": \"webhook\", \"url\": \"http://127.0.0.1:"
                      + upstream.port()
                      + "/rotation-hook\", \"hmacKey\": \"hook-key\", \"allowInsecureLoopback\":"
                      + " true, \"mode\": \"send\"}, \"overlap\": \""
                      + (overlap ? "PT1M" : "PT0S")
                      + "\"}"));
      ApiKeys keys = ApiKeys.open(db, KeyHasher.loadOrCreate(dir));
      CreatedKey key = keys.create("gold", "bench", Duration.ofDays(1));
      vault
          .roles()
          .assign(
              Actor.admin("bench", ""),
              "key:" + key.info().id(),
              Role.SECRETS_USER,
              Scope.parse("payments/upstream-token"));
      Files.createDirectories(dir.resolve("apis"));
      Files.createDirectories(dir.resolve("policies"));
      Files.writeString(dir.resolve("policies/gold.yaml"), "name: gold\naccess: [payments]\n");
      Files.writeString(
          dir.resolve("apis/payments.yaml"),
          "name: payments\nlisten: { path: /payments/ }\nupstream: { url: \"http://127.0.0.1:"
              + upstream.port()
              + "\" }\nauth: { apiKey: { header: X-API-Key } }\nretryOnRotation: all\ninject:\n"
              + "  - header: Authorization\n    value: \"Bearer ${secret:payments/upstream-token}\"\n");
      EventFeed source =
          new EventFeed(
              WithRotationEvents.of(
                  EmbeddedVaultSource.onVirtualThreads(vault), rotation.scheduler()::subscribe));
      List<Long> commits = new CopyOnWriteArrayList<>();
      AutoCloseable commitWatch =
          vault.subscribe(
              e -> {
                if (e.type() == SecretEvent.Type.NEW_VERSION && e.name().equals("upstream-token")) {
                  commits.add(System.nanoTime());
                }
              });
      Gateway gateway =
          Gateway.start(
                  vertx,
                  GatewayOptions.defaults(dir).withListen("127.0.0.1", 0).withWatch(false),
                  new GatewayServices(keys, null, QuotaLedger.open(db)).withSecrets(source))
              .await();
      Load load = Load.start(gateway.port(), key.key().reveal(), clients);
      load.awaitRequests(200, Duration.ofSeconds(30));
      long readsBefore = source.reads.get();
      long sentBefore = load.sent();
      int rotations = rotate(rotation, seconds, interval);
      load.awaitRequests(load.sent() + 200, Duration.ofSeconds(30));
      load.stop();
      commitWatch.close();
      gateway.stop(Duration.ofSeconds(5)).await();

      List<Double> fromCommit = new ArrayList<>();
      List<Double> fromSwitch = new ArrayList<>();
      for (int i = 0; i < upstream.installed.size() && i < commits.size(); i++) {
        HookUpstream.Installed c = upstream.installed.get(i);
        if (c.firstUseNanos != 0) {
          fromCommit.add((c.firstUseNanos - commits.get(i)) / 1e6);
          fromSwitch.add((c.firstUseNanos - c.installedNanos) / 1e6);
        }
      }
      TreeMap<String, Double> retries = new TreeMap<>();
      gateway
          .metrics()
          .registry()
          .find("keygate.gateway.credential.retries")
          .counters()
          .forEach(c -> retries.merge(c.getId().getTag("outcome"), c.count(), Double::sum));
      System.out.println(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %d | %.0f | %d | %s | %s |",
              overlap ? "overlap (1 min)" : "no overlap",
              rotations,
              load.sent() - sentBefore,
              load.failed(),
              upstream.refused.get(),
              retries.getOrDefault("succeeded", 0.0),
              source.reads.get() - readsBefore,
              percentiles(fromCommit),
              percentiles(fromSwitch)));
      if (retries.size() > 1 || load.failed() > 0) {
        System.out.println("  retries by outcome: " + retries + ", statuses: " + load.statuses());
      }
      if (rotations < seconds * 1000 / interval) {
        System.out.println(
            "  rotations the vault did not complete: " + (seconds * 1000 / interval - rotations));
      }
      return (int) load.failed();
    } finally {
      vertx.close().await();
    }
  }

  /** Rotates every {@code interval} ms for {@code seconds} s; returns how many succeeded. */
  private static int rotate(Rotation rotation, int seconds, int interval) {
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    int done = 0;
    for (long next = start; next < end; next += TimeUnit.MILLISECONDS.toNanos(interval)) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      try {
        RotationRecord record = rotation.scheduler().rotateNow("payments", "upstream-token");
        if (record.error().isEmpty()) {
          done++;
        } else {
          System.err.println("rotation failed: " + record.error().get());
        }
      } catch (RuntimeException e) {
        // The vault refused to start one (its store busy): the benchmark goes on, counted.
        System.err.println("rotation not started: " + e.getMessage());
      }
    }
    return done;
  }

  private static String percentiles(List<Double> values) {
    if (values.isEmpty()) {
      return "–";
    }
    List<Double> sorted = values.stream().sorted().toList();
    double p50 = sorted.get((int) Math.floor(0.50 * (sorted.size() - 1)));
    double p99 = sorted.get((int) Math.ceil(0.99 * (sorted.size() - 1)));
    return String.format(Locale.ROOT, "%.1f / %.1f", p50, p99);
  }
}
