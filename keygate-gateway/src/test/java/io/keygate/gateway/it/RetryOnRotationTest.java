package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keygate.gateway.GatewayServices;
import io.keygate.gateway.accesslog.AccessLog;
import io.keygate.gateway.credentials.InMemorySecretSource;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.gateway.ratelimit.QuotaLedger;
import io.keygate.secrets.SecretEvent;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Rotation WITHOUT overlap (the upstream switches to the new credential at once) under steady load.
 * Each rotation follows DESIGN.md's protocol: the source marks the secret as rotating, the target
 * learns the new credential (its rotation hook), and only then is the new version committed and
 * published, a moment later. Requests that reach the upstream in between are refused (401) and must
 * be retried, once, with the new version: no client sees a failure.
 */
class RetryOnRotationTest {
  private static final String TOKEN = "payments/upstream-token";

  Vertx vertx;
  RotatingUpstream upstream;
  GatewayHarness gw;
  InMemorySecretSource source;
  String key;
  final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();
  int generation;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = RotatingUpstream.start(vertx, "token-0");
    Path data = Files.createTempDirectory("keygate-retry");
    GatewayDatabase db = GatewayDatabase.sqlite(data);
    ApiKeys keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    var created = keys.create("gold", "loader", Duration.ofDays(1));
    key = created.key().reveal();
    source = new InMemorySecretSource();
    source.grant("key:" + created.info().id(), "payments", "upstream-token");
    source.put("payments", "upstream-token", "token-0");
    gw =
        GatewayHarness.start(
            vertx,
            Map.of(
                "payments.yaml",
                "name: payments\nlisten: { path: /payments/ }\nupstream: { url: \""
                    + upstream.url()
                    + "\" }\nauth: { apiKey: { header: X-API-Key } }\nretryOnRotation: all\n"
                    + "inject:\n  - header: Authorization\n"
                    + "    value: \"Bearer ${secret:"
                    + TOKEN
                    + "}\"\n"),
            new GatewayServices(keys, null, QuotaLedger.open(db)).withSecrets(source),
            o -> o);
    Files.writeString(
        gw.dataDir.resolve("policies").resolve("gold.yaml"), "name: gold\naccess: [payments]\n");
    gw.gateway.definitions().reload().await();
    accessLog.start();
    ((Logger) LoggerFactory.getLogger(AccessLog.LOGGER)).addAppender(accessLog);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(AccessLog.LOGGER)).detachAppender(accessLog);
    gw.close();
    upstream.close();
    vertx.close().await();
  }

  /** Marks rotating, switches the target, and returns a future that commits the new version. */
  private Runnable rotateTarget() {
    int n = ++generation;
    source.publish(
        new SecretEvent(
            SecretEvent.Type.ROTATING, "payments", "upstream-token", "", Instant.now()));
    HttpResponse<String> hooked =
        gw.send(
            HttpRequest.newBuilder(URI.create(upstream.url() + "/rotation-hook"))
                .POST(HttpRequest.BodyPublishers.ofString("token-" + n))
                .build());
    assertThat(hooked.statusCode()).isEqualTo(204);
    return () -> source.put("payments", "upstream-token", "token-" + n);
  }

  private HttpRequest.Builder call(String path) {
    return HttpRequest.newBuilder(URI.create(gw.base() + "/payments" + path))
        .header("X-API-Key", key);
  }

  private double retries(String outcome) {
    Counter c =
        gw.gateway
            .metrics()
            .registry()
            .find("keygate.gateway.credential.retries")
            .tag("outcome", outcome)
            .counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void rotationWithoutOverlap_underSteadyLoad_givesZeroFailedGetsOrSmallPosts() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    String smallBody = "x".repeat(1024);
    ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    try {
      for (int c = 0; c < 4; c++) {
        boolean posts = c % 2 == 1;
        clients.submit(
            () -> {
              while (running.get()) {
                HttpRequest request =
                    posts
                        ? call("/charge")
                            .POST(HttpRequest.BodyPublishers.ofString(smallBody))
                            .build()
                        : call("/balance").GET().build();
                HttpResponse<String> r = gw.send(request);
                sent.incrementAndGet();
                if (r.statusCode() != 200) {
                  failed.incrementAndGet();
                }
              }
              return null;
            });
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= 20);
      AtomicInteger rotations = new AtomicInteger();
      long timer =
          vertx.setPeriodic(
              500,
              id -> {
                if (rotations.get() >= 8) {
                  return;
                }
                // The hook is a blocking call from the test; keep it off the event loop.
                vertx.executeBlocking(
                    () -> {
                      Runnable commit = rotateTarget();
                      // The vault commits the new version once the target confirmed: a moment
                      // later.
                      vertx.setTimer(100, t -> commit.run());
                      return rotations.incrementAndGet();
                    });
              });
      await().atMost(Duration.ofSeconds(30)).until(() -> rotations.get() >= 8);
      vertx.cancelTimer(timer);
      int sentAtEnd = sent.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= sentAtEnd + 20);
      running.set(false);
      clients.shutdown();
      await().atMost(Duration.ofSeconds(10)).until(clients::isTerminated);

      System.out.printf(
          "rotation without overlap: %d requests, %d non-2xx, %d upstream refusals, %.0f retried%n",
          sent.get(), failed.get(), upstream.refused.get(), retries("succeeded"));
      assertThat(failed.get()).as("non-2xx of %d requests", sent.get()).isZero();
      assertThat(upstream.refused.get())
          .as("requests the upstream refused between its switch and the commit")
          .isPositive();
      assertThat(retries("succeeded")).isEqualTo(upstream.refused.get());
      assertThat(retries("no_new_version") + retries("not_replayable")).isZero();
    } finally {
      running.set(false);
      clients.shutdownNow();
    }
  }

  @Test
  void largeStreamingPost_duringRotation_isNotRetried_andGetsTheUpstreams401() throws Exception {
    Runnable commit = rotateTarget();
    byte[] large = new byte[200 * 1024];
    HttpResponse<String> post =
        gw.send(
            call("/upload")
                .header("X-Request-Id", "large-upload-1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(large))
                .build());
    // A small GET in the same window waits for the new version and is retried with it.
    CompletableFuture<HttpResponse<String>> get =
        CompletableFuture.supplyAsync(
            () -> gw.send(call("/balance").header("X-Request-Id", "small-get-1").GET().build()));
    await().atMost(Duration.ofSeconds(5)).until(() -> upstream.refused.get() >= 2);
    commit.run();

    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(post.body()).isEqualTo("{\"error\":\"unknown credential\"}");
    assertThat(get.get().statusCode()).isEqualTo(200);
    assertThat(retries("not_replayable")).isEqualTo(1);
    assertThat(retries("succeeded")).isEqualTo(1);
    JsonObject postLine = accessLine("large-upload-1");
    assertThat(postLine.getString("credentialRetry")).isEqualTo("not_replayable");
    assertThat(postLine.getJsonObject("secretVersions").getString(TOKEN))
        .isEqualTo(String.format("%032x", 1));
    JsonObject getLine = accessLine("small-get-1");
    assertThat(getLine.getString("credentialRetry")).isEqualTo("succeeded");
    assertThat(getLine.getJsonObject("secretVersions").getString(TOKEN))
        .as("the version the retry carried")
        .isEqualTo(String.format("%032x", 2));
    // Names and versions only: no credential value in any access log line.
    assertThat(accessLog.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains("token-0") || m.contains("token-1"));
  }

  @Test
  void refusedCredential_withoutANewerVersion_isRelayedAsTheUpstreamSentIt() {
    assertThat(gw.send(call("/balance").build()).statusCode()).isEqualTo(200);
    // The target switched, but no rotation is in progress at the source and nothing was committed.
    gw.send(
        HttpRequest.newBuilder(URI.create(upstream.url() + "/rotation-hook"))
            .POST(HttpRequest.BodyPublishers.ofString("set-by-hand"))
            .build());
    int readsBefore = source.calls();

    HttpResponse<String> r = gw.send(call("/balance").header("X-Request-Id", "stale-1").build());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"error\":\"unknown credential\"}");
    assertThat(upstream.refused.get()).isEqualTo(1);
    assertThat(source.calls() - readsBefore).as("one read past the cache").isEqualTo(1);
    assertThat(retries("no_new_version")).isEqualTo(1);
    assertThat(gw.gateway.metrics().scrape())
        .contains(
            "keygate_gateway_credential_retries_total{api=\"payments\",outcome=\"no_new_version\"}"
                + " 1.0");
    assertThat(accessLine("stale-1").getString("credentialRetry")).isEqualTo("no_new_version");
  }

  private JsonObject accessLine(String requestId) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                accessLog.list.stream()
                    .anyMatch(e -> e.getFormattedMessage().contains("\"" + requestId + "\"")));
    return accessLog.list.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains("\"" + requestId + "\""))
        .map(JsonObject::new)
        .findFirst()
        .orElseThrow();
  }
}
