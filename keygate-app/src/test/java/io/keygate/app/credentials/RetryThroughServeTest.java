package io.keygate.app.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.RunningNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
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
  @TempDir Path data;

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
    PaymentsThroughServe.writeApi(data, upstream.actualPort());
    try (RunningNode node = new RunningNode(data)) {
      PaymentsThroughServe.createSecret(node, "credential-0");
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
              PaymentsThroughServe.SECRET,
              "--policy",
              "{\"generator\": {\"type\": \"webhook\", \"url\": \"http://127.0.0.1:"
                  + upstream.actualPort()
                  + "/rotation-hook\", \"hmacKey\": \"hook-key\", \"allowInsecureLoopback\": true},"
                  + " \"overlap\": \"PT0S\"}");
      assertThat(policy.exitCode()).as(policy.toString()).isZero();
      PaymentsThroughServe.Caller caller =
          PaymentsThroughServe.servedCaller(node, PaymentsThroughServe.SECRET);

      PaymentsThroughServe.Load load =
          PaymentsThroughServe.underLoad(
              caller,
              ROTATIONS,
              i -> {
                RunningNode.Run rotate =
                    node.cli(null, "secret", "rotate", PaymentsThroughServe.SECRET);
                assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
              });

      System.out.printf(
          "rotation without overlap through serve: %d requests, %d non-2xx, %d rotations,"
              + " %d refused by the upstream (retried)%n",
          load.sent(), load.failed(), hooks.get(), refused.get());
      assertThat(hooks.get()).isEqualTo(ROTATIONS);
      assertThat(load.failed()).as("non-2xx of %d requests", load.sent()).isZero();
    } finally {
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
