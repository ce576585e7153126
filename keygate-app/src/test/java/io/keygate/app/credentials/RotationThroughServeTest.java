package io.keygate.app.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.RunningNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
  @TempDir Path data;

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
    PaymentsThroughServe.writeApi(data, upstream.actualPort());
    try (RunningNode node = new RunningNode(data)) {
      accepted.add("Bearer credential-0");
      PaymentsThroughServe.createSecret(node, "credential-0");
      PaymentsThroughServe.Caller caller = PaymentsThroughServe.servedCaller(node, "payments");

      PaymentsThroughServe.Load load =
          PaymentsThroughServe.underLoad(
              caller,
              ROTATIONS,
              i -> {
                // The target learns the new credential and keeps the previous one (the overlap).
                accepted.add("Bearer credential-" + i);
                accepted.remove("Bearer credential-" + (i - 2));
                RunningNode.Run set =
                    node.cli(
                        null,
                        "secret",
                        "set",
                        PaymentsThroughServe.SECRET,
                        "--value",
                        "credential-" + i);
                assertThat(set.exitCode()).as(set.toString()).isZero();
              });

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
          load.sent(), load.failed(), ROTATIONS, reads);
      assertThat(load.failed()).as("non-2xx of %d requests", load.sent()).isZero();
      assertThat(reads).isBetween(1L, (long) ROTATIONS * 2 + 5);
    } finally {
      vertx.close().await();
    }
  }
}
