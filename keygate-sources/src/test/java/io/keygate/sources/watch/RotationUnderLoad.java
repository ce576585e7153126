package io.keygate.sources.watch;

import static org.awaitility.Awaitility.await;

import io.keygate.gateway.Gateway;
import io.keygate.gateway.GatewayOptions;
import io.keygate.gateway.GatewayServices;
import io.keygate.secrets.SecretSource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A gateway in process that injects one secret into every request of a keyless API, an upstream
 * that accepts only the credentials it currently knows, and clients calling the API in a loop: the
 * rig for "a rotation is picked up under load with no failed request".
 *
 * <p>A rotation follows the overlap pattern: the upstream starts accepting the new credential, the
 * test writes it to the source, the gateway must switch to it (seen by the upstream on {@value
 * #SETTLED} requests in a row), and only then does the upstream stop accepting the old one. Any
 * request the upstream refuses, or that fails otherwise, counts as failed.
 */
public final class RotationUnderLoad implements AutoCloseable {
  /** Requests in a row that must carry the new credential before the old one is revoked. */
  static final int SETTLED = 20;

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(RotationUnderLoad.class);
  private static final String HEADER = "X-Upstream-Token";
  private final Vertx vertx = Vertx.vertx();
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> inARow = new ConcurrentHashMap<>();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final HttpServer upstream;
  private final Gateway gateway;
  private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Future<?>> loops = new ArrayList<>();
  private volatile String last = "";

  /**
   * Starts the upstream accepting {@code firstCredential}, and a gateway whose API {@code /api/}
   * injects {@code reference} (e.g. {@code hashicorp://secret/app#/token}) through {@code source}.
   */
  public RotationUnderLoad(Path data, SecretSource source, String reference, String firstCredential)
      throws Exception {
    accepted.add(firstCredential);
    upstream =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  String presented = request.getHeader(HEADER);
                  if (presented != null && accepted.contains(presented)) {
                    if (!presented.equals(last)) {
                      inARow.computeIfAbsent(presented, k -> new AtomicLong()).set(0);
                      last = presented;
                    }
                    inARow.computeIfAbsent(presented, k -> new AtomicLong()).incrementAndGet();
                    request.response().setStatusCode(200).end("ok");
                  } else {
                    request.response().setStatusCode(401).end("stale credential");
                  }
                })
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    Path apis = Files.createDirectories(data.resolve("apis"));
    Path policies = Files.createDirectories(data.resolve("policies"));
    Files.writeString(
        apis.resolve("api.yaml"),
        """
        name: rotated
        listen: { path: /api/, strip: true }
        upstream: { url: "http://127.0.0.1:%d" }
        auth: { keyless: true }
        inject:
          - header: %s
            value: "${secret:%s}"
        """
            .formatted(upstream.actualPort(), HEADER, reference));
    GatewayOptions options =
        GatewayOptions.defaults(data)
            .withListen("127.0.0.1", 0)
            .withDefinitionDirs(apis, policies)
            .withWatch(false)
            .withNodeName("rotation-test");
    gateway =
        Gateway.start(vertx, options, GatewayServices.keylessOnly().withSecrets(source))
            .await(30, TimeUnit.SECONDS);
  }

  /** Starts {@code count} clients calling the API in a loop until {@link #close()}. */
  public void startClients(int count) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create("http://127.0.0.1:" + gateway.port() + "/api/ping");
    for (int i = 0; i < count; i++) {
      loops.add(
          clients.submit(
              () -> {
                while (running.get()) {
                  try {
                    HttpResponse<String> response =
                        http.send(
                            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                      ok.incrementAndGet();
                    } else {
                      failed.incrementAndGet();
                      failures.add(response.statusCode() + " " + response.body());
                    }
                  } catch (Exception e) {
                    if (running.get()) {
                      failed.incrementAndGet();
                      failures.add(e.toString());
                    }
                  }
                }
              }));
    }
  }

  /**
   * One overlap rotation: the upstream accepts {@code next}, {@code write} stores it at the source,
   * the gateway must switch to it within {@code within}, then the upstream forgets {@code
   * previous}.
   */
  public void rotate(String previous, String next, Runnable write, Duration within) {
    accepted.add(next);
    write.run();
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> inARow.getOrDefault(next, new AtomicLong()).get() >= SETTLED);
    accepted.remove(previous);
  }

  /**
   * The whole scenario: {@code clients} clients call the API, then {@code rotations} overlap
   * rotations follow, {@code tok-1} to {@code tok-2} and on, each stored with {@code write}, and
   * the clients keep calling a while after the last one. The first credential must be {@code
   * tok-1}.
   */
  public void run(int clients, int rotations, Consumer<String> write) {
    startClients(clients);
    awaitSuccesses(50, Duration.ofSeconds(30));
    for (int i = 2; i <= rotations + 1; i++) {
      String next = "tok-" + i;
      rotate("tok-" + (i - 1), next, () -> write.accept(next), Duration.ofSeconds(20));
    }
    awaitSuccesses(50, Duration.ofSeconds(30));
  }

  /** Waits until {@code count} more requests have succeeded. */
  public void awaitSuccesses(long count, Duration within) {
    long target = ok.get() + count;
    await().atMost(within).pollInterval(Duration.ofMillis(20)).until(() -> ok.get() >= target);
  }

  public long succeeded() {
    return ok.get();
  }

  public long failed() {
    return failed.get();
  }

  /** The first few failures, for assertion messages (statuses and gateway error bodies). */
  public List<String> failures() {
    return failures.subList(0, Math.min(5, failures.size()));
  }

  @Override
  public void close() throws Exception {
    log.info("rotation rig: {} requests succeeded, {} failed", ok.get(), failed.get());
    running.set(false);
    for (Future<?> loop : loops) {
      loop.get(30, TimeUnit.SECONDS);
    }
    clients.shutdown();
    gateway.stop(Duration.ofSeconds(5)).await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
