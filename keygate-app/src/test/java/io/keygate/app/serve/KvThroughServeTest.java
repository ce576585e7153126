package io.keygate.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.RunningNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve enables the KV v2-compatible API on the admin listener, beside the native API, with the
 * node's identity: AppRole logins of apps created by {@code keygate app create}.
 */
class KvThroughServeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path data;

  @Test
  void aVaultClientWritesThroughKv_andTheNativeApiSeesTheSameSecret() throws Exception {
    try (RunningNode node = new RunningNode(data);
        HttpClient http = HttpClient.newBuilder().sslContext(node.adminTls()).build()) {
      String token = Files.readString(data.resolve("admin-token")).strip();
      HttpResponse<String> written =
          send(
              http,
              node,
              "POST",
              "/v1/default/data/app/db",
              "{\"data\":{\"user\":\"svc\"}}",
              token);
      HttpResponse<String> read = send(http, node, "GET", "/v1/default/data/app/db", null, token);

      assertThat(written.statusCode()).isEqualTo(200);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).contains("\"data\":{\"user\":\"svc\"}");
      assertThat(node.adminGet("/v1/vaults/default/secrets/app--db"))
          .contains("\"contentType\":\"application/json\"");
    }
  }

  @Test
  void anAppLogsInWithAppRole_andReadsOnlyWhatItWasGranted() throws Exception {
    try (RunningNode node = new RunningNode(data);
        HttpClient http = HttpClient.newBuilder().sslContext(node.adminTls()).build()) {
      String admin = Files.readString(data.resolve("admin-token")).strip();
      assertThat(node.cli(null, "vault", "create", "secret").exitCode()).isZero();
      RunningNode.Run created =
          node.cli(null, "app", "create", "billing service", "--client-id", "billing-svc");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      String clientSecret =
          created
              .out()
              .lines()
              .filter(line -> line.startsWith("client secret:"))
              .findFirst()
              .orElseThrow()
              .substring("client secret:".length())
              .strip();
      assertThat(
              node.cli(
                      null,
                      "role",
                      "assign",
                      "app:billing-svc",
                      "secrets-user",
                      "--scope",
                      "secret/billing--db")
                  .exitCode())
          .isZero();
      send(http, node, "POST", "/v1/secret/data/billing/db", "{\"data\":{\"pw\":\"x1\"}}", admin);
      send(http, node, "POST", "/v1/secret/data/other/db", "{\"data\":{\"pw\":\"x2\"}}", admin);

      HttpResponse<String> login =
          send(
              http,
              node,
              "POST",
              "/v1/auth/approle/login",
              JSON.writeValueAsString(Map.of("role_id", "billing-svc", "secret_id", clientSecret)),
              null);
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      JsonNode auth = JSON.readTree(login.body()).path("auth");
      String appToken = auth.path("client_token").asText();
      HttpResponse<String> own =
          send(http, node, "GET", "/v1/secret/data/billing/db", null, appToken);
      HttpResponse<String> other =
          send(http, node, "GET", "/v1/secret/data/other/db", null, appToken);
      HttpResponse<String> wrong =
          send(
              http,
              node,
              "POST",
              "/v1/auth/approle/login",
              "{\"role_id\":\"billing-svc\",\"secret_id\":\"kgs_wrong\"}",
              null);

      assertThat(auth.path("lease_duration").asLong()).isPositive();
      assertThat(own.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(own.body()).path("data").path("data").path("pw").asText())
          .isEqualTo("x1");
      assertThat(other.statusCode()).isEqualTo(403);
      assertThat(other.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
      assertThat(wrong.statusCode()).isEqualTo(400);
      assertThat(wrong.body()).doesNotContain("kgs_wrong");

      assertThat(node.cli(null, "app", "delete", "billing-svc").exitCode()).isZero();
      HttpResponse<String> afterDelete =
          send(http, node, "GET", "/v1/secret/data/billing/db", null, appToken);
      assertThat(afterDelete.statusCode()).isEqualTo(403);
    }
  }

  private static HttpResponse<String> send(
      HttpClient http, RunningNode node, String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.address() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("X-Vault-Token", token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
