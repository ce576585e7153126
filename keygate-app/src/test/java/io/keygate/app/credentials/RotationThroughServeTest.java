package io.keygate.app.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.RunningNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation with an overlap through a node started the way {@code keygate serve} starts one: the
 * secret gets a new version in the embedded vault ten times while clients keep calling the API; the
 * upstream accepts the current and the previous credential, learnt from the rotation itself. The
 * vault's events reach the gateway's cache, so no request fails and the vault reads (its audit
 * entries) stay near one per rotation.
 */
class RotationThroughServeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROTATIONS = 10;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path data;

  private static int get(int port, String key) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/payments/charge"))
                  .header("X-API-Key", key)
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return 0;
    }
  }

  @Test
  void rotationWithOverlap_underLoad_givesZeroFailedRequests() throws Exception {
    Vertx vertx = Vertx.vertx();
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    HttpServer upstream =
        vertx
            .createHttpServer()
            .requestHandler(
                r -> {
                  String auth = r.getHeader("Authorization");
                  r.response().setStatusCode(auth != null && accepted.contains(auth) ? 200 : 401);
                  r.response().end();
                })
            .listen(0, "127.0.0.1")
            .await();
    Files.createDirectories(data.resolve("policies"));
    Files.createDirectories(data.resolve("apis"));
    Files.writeString(
        data.resolve("policies/standard.yaml"), "name: standard\naccess: [payments]\n");
    Files.writeString(
        data.resolve("apis/payments.yaml"),
        "name: payments\nlisten: { path: /payments/, strip: true }\n"
            + "upstream: { url: \"http://127.0.0.1:"
            + upstream.actualPort()
            + "\" }\nauth: { apiKey: { header: X-API-Key } }\ninject:\n"
            + "  - header: Authorization\n"
            + "    value: \"Bearer ${secret:payments/upstream-token}\"\n");
    ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    AtomicBoolean running = new AtomicBoolean(true);
    try (RunningNode node = new RunningNode(data)) {
      assertThat(node.cli(null, "vault", "create", "payments").exitCode()).isZero();
      accepted.add("Bearer credential-0");
      assertThat(
              node.cli(null, "secret", "set", "payments/upstream-token", "--value", "credential-0")
                  .exitCode())
          .isZero();
      RunningNode.Run created =
          node.cli(null, "key", "create", "--policy", "standard", "-o", "json");
      JsonNode key = JSON.readTree(created.out());
      assertThat(
              node.cli(
                      null,
                      "role",
                      "assign",
                      "key:" + key.path("id").asText(),
                      "secrets-user",
                      "--scope",
                      "payments")
                  .exitCode())
          .isZero();
      int port = node.node.gatewayPort();
      String apiKey = key.path("key").asText();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> get(port, apiKey) == 200);

      AtomicInteger sent = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      for (int c = 0; c < 2; c++) {
        clients.submit(
            () -> {
              while (running.get()) {
                if (get(port, apiKey) != 200) {
                  failed.incrementAndGet();
                }
                sent.incrementAndGet();
              }
            });
      }
      for (int i = 1; i <= ROTATIONS; i++) {
        int before = sent.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= before + 5);
        // The target learns the new credential and keeps the previous one (the overlap window).
        accepted.add("Bearer credential-" + i);
        accepted.remove("Bearer credential-" + (i - 2));
        RunningNode.Run set =
            node.cli(
                null, "secret", "set", "payments/upstream-token", "--value", "credential-" + i);
        assertThat(set.exitCode()).as(set.toString()).isZero();
      }
      int atEnd = sent.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= atEnd + 10);
      running.set(false);
      clients.shutdown();
      await().atMost(Duration.ofSeconds(10)).until(clients::isTerminated);

      RunningNode.Run audit = node.cli(null, "audit", "list", "--limit", "1000", "-o", "json");
      long reads = 0;
      for (JsonNode e : JSON.readTree(audit.out())) {
        if (e.path("action").asText().equals("READ_VALUE")
            && e.path("api").asText().equals("payments")) {
          reads++;
        }
      }
      System.out.printf(
          "rotation through serve: %d requests, %d non-2xx, %d rotations, %d vault reads%n",
          sent.get(), failed.get(), ROTATIONS, reads);
      assertThat(failed.get()).as("non-2xx of %d requests", sent.get()).isZero();
      assertThat(reads).isBetween(1L, (long) ROTATIONS * 2 + 5);
    } finally {
      running.set(false);
      clients.shutdownNow();
      vertx.close().await();
    }
  }
}
