package io.keygate.app.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.RecordingUpstream;
import io.keygate.app.RunningNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credential flow through a node started the way {@code keygate serve} starts one: a secret in
 * the embedded vault, a role for {@code key:<id>}, and the gateway injecting the credential into
 * the upstream request on behalf of that API key, with the vault auditing the read.
 */
class CredentialsThroughServeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CANARY = "canary-e2e-7f3a9c1d";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path data;
  private RecordingUpstream upstream;

  @BeforeEach
  void startUpstream() {
    upstream = new RecordingUpstream();
  }

  @AfterEach
  void stopUpstream() {
    upstream.close();
  }

  private static HttpResponse<String> get(int port, String key) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/payments/charge"))
            .header("X-API-Key", key)
            .header("Authorization", "Bearer from-the-client")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String created(RunningNode node, String alias, String field) throws Exception {
    RunningNode.Run run =
        node.cli(null, "key", "create", "--policy", "standard", "--alias", alias, "-o", "json");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode json = JSON.readTree(run.out());
    return json.path("id").asText() + " " + json.path(field).asText();
  }

  @Test
  void apiKeyWithTheRole_getsTheCredentialInjected_othersGet403_andTheReadIsAudited()
      throws Exception {
    PaymentsThroughServe.writeApi(data, upstream.port());
    try (RunningNode node = new RunningNode(data)) {
      PaymentsThroughServe.createSecret(node, CANARY);
      String[] alice = created(node, "alice", "key").split(" ");
      String[] bob = created(node, "bob", "key").split(" ");
      RunningNode.Run assigned =
          node.cli(
              null,
              "role",
              "assign",
              "key:" + alice[0],
              "secrets-user",
              "--scope",
              "payments/upstream-token");
      assertThat(assigned.exitCode()).as(assigned.toString()).isZero();
      int port = node.node.gatewayPort();

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> get(port, alice[1]).statusCode() == 200);
      assertThat(upstream.saw()).contains("/charge Bearer " + CANARY);
      assertThat(upstream.saw()).noneMatch(s -> s.contains("from-the-client"));

      int before = upstream.saw().size();
      HttpResponse<String> denied = get(port, bob[1]);
      assertThat(denied.statusCode()).isEqualTo(403);
      JsonNode error = JSON.readTree(denied.body()).path("error");
      assertThat(error.path("code").asText()).isEqualTo("ForbiddenByRbac");
      assertThat(error.path("message").asText()).contains("payments/upstream-token");
      assertThat(denied.body()).doesNotContain(CANARY);
      assertThat(upstream.saw()).hasSize(before);

      RunningNode.Run audit = node.cli(null, "audit", "list", "--limit", "50", "-o", "json");
      assertThat(audit.exitCode()).as(audit.toString()).isZero();
      assertThat(audit.out()).doesNotContain(CANARY);
      List<JsonNode> reads = List.copyOf(JSON.readTree(audit.out()).findParents("onBehalfOf"));
      assertThat(reads)
          .anySatisfy(
              e -> {
                assertThat(e.path("onBehalfOf").asText()).isEqualTo("key:" + alice[0]);
                assertThat(e.path("api").asText()).isEqualTo("payments");
                assertThat(e.path("name").asText()).isEqualTo("upstream-token");
                assertThat(e.path("outcome").asText()).isEqualTo("allowed");
                assertThat(e.path("version").asText()).isNotEmpty();
              });
      assertThat(reads)
          .anySatisfy(
              e -> {
                assertThat(e.path("onBehalfOf").asText()).isEqualTo("key:" + bob[0]);
                assertThat(e.path("outcome").asText()).isEqualTo("denied");
                assertThat(e.path("code").asText()).isEqualTo("ForbiddenByRbac");
              });
      assertThat(node.transcript).noneMatch(t -> t.contains(CANARY));
    }
  }
}
