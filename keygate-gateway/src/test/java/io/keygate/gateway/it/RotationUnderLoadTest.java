package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keygate.gateway.GatewayServices;
import io.keygate.gateway.credentials.InMemorySecretSource;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.gateway.ratelimit.QuotaLedger;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rotation with an overlap under steady load: a real upstream accepts only the credentials it was
 * told about by the rotation itself (the current one and the previous one), never by reading the
 * source; the secret is rotated every 100 ms while clients keep sending requests through the
 * gateway. Every request must succeed, and the source is read about once per rotation, not once per
 * request.
 */
class RotationUnderLoadTest {
  private static final int ROTATIONS = 20;
  private static final int CLIENTS = 4;

  @Test
  void rotationWithOverlap_underLoad_givesZeroFailedRequests_andOneSourceReadPerRotation()
      throws Exception {
    Vertx vertx = Vertx.vertx();
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    AtomicInteger upstreamRejected = new AtomicInteger();
    HttpServer upstream =
        vertx
            .createHttpServer()
            .requestHandler(
                r -> {
                  String auth = r.getHeader("Authorization");
                  if (auth != null && accepted.contains(auth)) {
                    r.response().end("ok");
                  } else {
                    upstreamRejected.incrementAndGet();
                    r.response().setStatusCode(401).end();
                  }
                })
            .listen(0, "127.0.0.1")
            .await();
    Path data = Files.createTempDirectory("keygate-rotation");
    GatewayDatabase db = GatewayDatabase.sqlite(data);
    ApiKeys keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    var created = keys.create("gold", "loader", Duration.ofDays(1));
    String key = created.key().reveal();
    InMemorySecretSource source = new InMemorySecretSource();
    source.grant("key:" + created.info().id(), "payments", "upstream-token");
    accepted.add("Bearer token-0");
    source.put("payments", "upstream-token", "token-0");
    GatewayHarness gw =
        GatewayHarness.start(
            vertx,
            Map.of(
                "payments.yaml",
                "name: payments\nlisten: { path: /payments/ }\nupstream: { url: \"http://127.0.0.1:"
                    + upstream.actualPort()
                    + "\" }\nauth: { apiKey: { header: X-API-Key } }\ninject:\n"
                    + "  - header: Authorization\n"
                    + "    value: \"Bearer ${secret:payments/upstream-token}\"\n"),
            new GatewayServices(keys, null, QuotaLedger.open(db)).withSecrets(source),
            o -> o);
    Files.writeString(
        gw.dataDir.resolve("policies").resolve("gold.yaml"), "name: gold\naccess: [payments]\n");
    gw.gateway.definitions().reload().await();

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        clients.submit(
            () -> {
              while (running.get()) {
                HttpResponse<String> r =
                    gw.send(
                        HttpRequest.newBuilder(URI.create(gw.base() + "/payments/charge"))
                            .header("X-API-Key", key)
                            .build());
                sent.incrementAndGet();
                if (r.statusCode() != 200) {
                  failed.incrementAndGet();
                }
              }
              return null;
            });
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= 20);
      int readsBefore = source.calls();
      AtomicInteger rotations = new AtomicInteger();
      long timer =
          vertx.setPeriodic(
              100,
              id -> {
                int n = rotations.incrementAndGet();
                if (n > ROTATIONS) {
                  return;
                }
                // The target learns the new credential first and keeps the previous ones (overlap),
                // then the new version is committed and its event published. Two previous versions
                // (200-300 ms at this pace) so that a request injected just before a rotation and
                // delayed by a loaded machine still lands inside the overlap, as it would with a
                // real overlap of minutes.
                accepted.add("Bearer token-" + n);
                accepted.remove("Bearer token-" + (n - 3));
                source.put("payments", "upstream-token", "token-" + n);
              });
      await().atMost(Duration.ofSeconds(30)).until(() -> rotations.get() > ROTATIONS);
      vertx.cancelTimer(timer);
      int sentAtEnd = sent.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= sentAtEnd + 20);
      running.set(false);
      clients.shutdown();
      await().atMost(Duration.ofSeconds(10)).until(clients::isTerminated);

      System.out.printf(
          "rotation under load: %d requests, %d non-2xx, %d rotations, %d source reads%n",
          sent.get(), failed.get(), ROTATIONS, source.calls() - readsBefore);
      assertThat(failed.get()).as("non-2xx of %d requests", sent.get()).isZero();
      assertThat(upstreamRejected.get()).isZero();
      assertThat(source.calls() - readsBefore)
          .as("source reads for %d rotations and %d requests", ROTATIONS, sent.get())
          .isBetween(1, ROTATIONS * 2);
      assertThat(sent.get()).isGreaterThan(ROTATIONS * 3);
    } finally {
      running.set(false);
      clients.shutdownNow();
      gw.close();
      vertx.close().await();
    }
  }
}
