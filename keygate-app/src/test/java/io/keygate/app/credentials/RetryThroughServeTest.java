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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation WITHOUT overlap through a node started as {@code keygate serve} starts one: the vault's
 * own rotation (a webhook generator) installs each new credential at the upstream, which accepts
 * only the current one from that moment; then the vault commits it. Requests that reach the
 * upstream in between are refused, and the gateway — which hears the scheduler's ROTATING event —
 * waits for the new version and retries them: no client sees a failure.
 */
class RetryThroughServeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROTATIONS = 5;
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
  void rotationWithoutOverlap_byTheVaultsWebhookGenerator_givesZeroFailedRequests()
      throws Exception {
    Vertx vertx = Vertx.vertx();
    AtomicReference<String> current = new AtomicReference<>("Bearer credential-0");
    AtomicInteger hooks = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    HttpServer upstream =
        vertx
            .createHttpServer()
            .requestHandler(
                r ->
                    r.body()
                        .onSuccess(
                            body -> {
                              if (r.path().equals("/rotation-hook")) {
                                current.set(
                                    "Bearer " + new JsonObjectText(body.toString()).value());
                                hooks.incrementAndGet();
                                r.response().setStatusCode(204).end();
                              } else if (current.get().equals(r.getHeader("Authorization"))) {
                                r.response().end();
                              } else {
                                refused.incrementAndGet();
                                r.response().setStatusCode(401).end();
                              }
                            }))
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
      assertThat(
              node.cli(null, "secret", "set", "payments/upstream-token", "--value", "credential-0")
                  .exitCode())
          .isZero();
      assertThat(
              node.cli(null, "secret", "set", "payments/hook-key", "--value", "hook-key-0123456789")
                  .exitCode())
          .isZero();
      RunningNode.Run policy =
          node.cli(
              null,
              "secret",
              "rotation-policy",
              "set",
              "payments/upstream-token",
              "--policy",
              "{\"generator\": {\"type\": \"webhook\", \"url\": \"http://127.0.0.1:"
                  + upstream.actualPort()
                  + "/rotation-hook\", \"hmacKey\": \"hook-key\", \"allowInsecureLoopback\": true},"
                  + " \"overlap\": \"PT0S\"}");
      assertThat(policy.exitCode()).as(policy.toString()).isZero();
      JsonNode key =
          JSON.readTree(
              node.cli(null, "key", "create", "--policy", "standard", "-o", "json").out());
      assertThat(
              node.cli(
                      null,
                      "role",
                      "assign",
                      "key:" + key.path("id").asText(),
                      "secrets-user",
                      "--scope",
                      "payments/upstream-token")
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
        RunningNode.Run rotate = node.cli(null, "secret", "rotate", "payments/upstream-token");
        assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
      }
      int atEnd = sent.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= atEnd + 10);
      running.set(false);
      clients.shutdown();
      await().atMost(Duration.ofSeconds(10)).until(clients::isTerminated);

      System.out.printf(
          "rotation without overlap through serve: %d requests, %d non-2xx, %d rotations,"
              + " %d refused by the upstream (retried)%n",
          sent.get(), failed.get(), hooks.get(), refused.get());
      assertThat(hooks.get()).isEqualTo(ROTATIONS);
      assertThat(failed.get()).as("non-2xx of %d requests", sent.get()).isZero();
    } finally {
      running.set(false);
      clients.shutdownNow();
      vertx.close().await();
    }
  }

  /** The {@code value} of the webhook generator's JSON body. */
  private record JsonObjectText(String json) {
    String value() {
      try {
        return JSON.readTree(json).path("value").asText();
      } catch (Exception e) {
        throw new IllegalStateException("webhook body is not JSON");
      }
    }
  }
}
