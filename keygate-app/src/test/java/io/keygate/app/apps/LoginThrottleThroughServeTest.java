package io.keygate.app.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.app.RunningNode;
import io.keygate.app.config.ConfigLoader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve applies {@code identity.throttle} from keygate.yaml, and its token endpoint and AppRole
 * login share one throttle: failures on one surface lock the app out of both.
 */
class LoginThrottleThroughServeTest {
  @TempDir Path data;
  @TempDir Path config;

  @Test
  void failuresAtTheTokenEndpoint_throttleTheAppRoleLoginToo_withTheConfiguredLimit()
      throws Exception {
    Path yaml = config.resolve("keygate.yaml");
    Files.writeString(yaml, "identity:\n  throttle:\n    failuresPerClient: 2\n    window: 1h\n");
    try (RunningNode node = new RunningNode(data, ConfigLoader.load(yaml), Map.of());
        HttpClient http = HttpClient.newBuilder().sslContext(node.adminTls()).build()) {
      RunningNode.Run created =
          node.cli(null, "app", "create", "ci service", "--client-id", "ci-svc");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      String secret =
          created
              .out()
              .lines()
              .filter(line -> line.startsWith("client secret:"))
              .findFirst()
              .orElseThrow()
              .substring("client secret:".length())
              .strip();

      HttpResponse<String> first = token(http, node, "ci-svc", "kgs_wrong");
      HttpResponse<String> second = token(http, node, "ci-svc", "kgs_wrong");
      HttpResponse<String> appRole =
          send(
              http,
              node,
              "/v1/auth/approle/login",
              "{\"role_id\":\"ci-svc\",\"secret_id\":\"" + secret + "\"}",
              "application/json");
      HttpResponse<String> rightSecret = token(http, node, "ci-svc", secret);

      assertThat(first.statusCode()).isEqualTo(401);
      assertThat(second.statusCode()).isEqualTo(401);
      assertThat(appRole.statusCode()).isEqualTo(429);
      assertThat(appRole.body()).startsWith("{\"errors\":[\"too many failed logins");
      assertThat(appRole.body()).doesNotContain(secret);
      // One try comes back every 30 minutes with 2 failures per hour.
      assertThat(Long.parseLong(appRole.headers().firstValue("Retry-After").orElseThrow()))
          .isBetween(1700L, 1800L);
      assertThat(rightSecret.statusCode()).isEqualTo(429);
      assertThat(rightSecret.body()).contains("\"error\":\"temporarily_unavailable\"");
    }
  }

  private static HttpResponse<String> token(
      HttpClient http, RunningNode node, String clientId, String secret) throws Exception {
    String form =
        "grant_type=client_credentials&scope=api%3A%2F%2Fkeygate%2F.default&client_id="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return send(
        http, node, "/keygate/oauth2/v2.0/token", form, "application/x-www-form-urlencoded");
  }

  private static HttpResponse<String> send(
      HttpClient http, RunningNode node, String path, String body, String contentType)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(node.address() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
