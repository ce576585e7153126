package io.keygate.app.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.PaymentsApiFiles;
import io.keygate.app.RecordingUpstream;
import io.keygate.app.RunningNode;
import io.keygate.app.config.KeygateConfig;
import io.keygate.app.config.SourcesConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * An upstream that records the credential each request carried, the definition files of one API
 * that injects {@code Authorization: Bearer ${secret:<reference>}}, and API keys created through a
 * node's CLI.
 */
final class GatewayFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final RecordingUpstream upstream = new RecordingUpstream();
  final Queue<String> upstreamSaw = upstream.saw();

  /** Writes {@code payments} (API key auth, injecting {@code reference}) under {@code data}. */
  void writeApi(Path data, String reference) throws Exception {
    PaymentsApiFiles.write(data, upstream.port(), reference);
  }

  /** An API key of {@code node}: its id and the key itself. */
  static Key key(RunningNode node, String alias) throws Exception {
    RunningNode.Run run =
        node.cli(null, "key", "create", "--policy", "standard", "--alias", alias, "-o", "json");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode json = JSON.readTree(run.out());
    return new Key(json.path("id").asText(), json.path("key").asText());
  }

  record Key(String id, String key) {}

  static HttpResponse<String> get(RunningNode node, Key key) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.node.gatewayPort() + "/payments/charge"))
            .header("X-API-Key", key.key())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void ok(RunningNode.Run run) {
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }

  /** The audit entries of {@code node}, newest first. */
  static List<JsonNode> audit(RunningNode node) throws Exception {
    RunningNode.Run audit = node.cli(null, "audit", "list", "--limit", "100", "-o", "json");
    ok(audit);
    return List.copyOf(JSON.readTree(audit.out()).findParents("onBehalfOf"));
  }

  /** A node configuration with only {@code sources} set. */
  static KeygateConfig withSources(SourcesConfig sources) {
    return new KeygateConfig(null, null, null, null, null, null, sources);
  }

  /** Grants {@code role} on {@code scope} to {@code principal} through {@code node}'s CLI. */
  static void grant(RunningNode node, String principal, String role, String scope) {
    ok(node.cli(null, "role", "assign", principal, role, "--scope", scope));
  }

  /** Waits until {@code key} gets a 200 from {@code node}'s gateway. */
  static void awaitServed(RunningNode node, Key key) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> get(node, key).statusCode() == 200);
  }

  /**
   * Calls {@code node}'s gateway with {@code key} until the upstream has seen {@code value}
   * injected; returns every status seen on the way.
   */
  List<Integer> callUntilUpstreamSees(RunningNode node, Key key, String value) {
    List<Integer> statuses = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              statuses.add(get(node, key).statusCode());
              return upstreamSaw.contains("/charge Bearer " + value);
            });
    return statuses;
  }

  @Override
  public void close() {
    upstream.close();
  }
}
