package io.keygate.app.key;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.RunningNode;
import io.keygate.app.RunningNode.Run;
import io.keygate.app.cli.ExitCodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * API key creation and revocation in the vault's audit trail, against a node started the way {@code
 * keygate serve} starts one: through the CLI, and over HTTPS with the admin token.
 */
class KeyAuditThroughServeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path data;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void writePolicyAndCaptureLogs() throws Exception {
    Files.createDirectories(data.resolve("policies"));
    Files.writeString(data.resolve("policies/standard.yaml"), "name: standard\naccess: [orders]\n");
    root().addAppender(logs);
    logs.start();
  }

  @AfterEach
  void stopCapturing() {
    root().detachAppender(logs);
  }

  @Test
  void keyCreateAndRevoke_showInAuditList_withIdAndAlias_andTheChainStillVerifies()
      throws Exception {
    try (RunningNode node = new RunningNode(data)) {
      Run created =
          node.cli(
              null,
              "key",
              "create",
              "--policy",
              "standard",
              "--alias",
              "shop",
              "--expires",
              "30d",
              "-o",
              "json");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      JsonNode key = JSON.readTree(created.out());
      String id = key.path("id").asText();
      String canary = secretPart(key.path("key").asText());
      Run revoked = node.cli(null, "key", "revoke", id);
      assertThat(revoked.exitCode()).as(revoked.toString()).isZero();

      Run listed = node.cli(null, "audit", "list", "--limit", "2", "-o", "json");
      Run table = node.cli(null, "audit", "list", "--limit", "2");
      Run verified = node.cli(null, "audit", "verify");

      JsonNode entries = JSON.readTree(listed.out());
      String subject = id + " alias=shop policy=standard expires=" + key.path("expires").asText();
      assertThat(entries).hasSize(2);
      assertEntry(entries.get(0), "REVOKE_API_KEY", subject, "allowed", "");
      assertEntry(entries.get(1), "CREATE_API_KEY", subject, "allowed", "");
      assertThat(entries.get(0).path("seq").asLong())
          .isEqualTo(entries.get(1).path("seq").asLong() + 1);
      assertThat(table.out()).contains("CREATE_API_KEY", "REVOKE_API_KEY", subject);
      assertThat(verified.exitCode()).as(verified.toString()).isZero();
      assertThat(verified.out()).startsWith("OK: ");
      assertThat(auditRows()).doesNotContain(canary).contains(subject);
      assertThat(node.transcript.subList(1, node.transcript.size()))
          .noneMatch(text -> text.contains(canary));
      assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("CREATE_API_KEY"));
      assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains(canary));
    }
  }

  @Test
  void overHttps_theAdminCallerAndRequestIdAreRecorded_andARefusedCreationToo() throws Exception {
    try (RunningNode node = new RunningNode(data)) {
      HttpResponse<String> created =
          send(node, "POST", "/v1/gateway/keys", "{\"policy\":\"standard\"}", "req-key-create");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = JSON.readTree(created.body()).path("id").asText();
      HttpResponse<String> revoked =
          send(node, "DELETE", "/v1/gateway/keys/" + id, null, "req-key-revoke");
      HttpResponse<String> unknown =
          send(node, "POST", "/v1/gateway/keys", "{\"policy\":\"gold\"}", "req-key-gold");
      HttpResponse<String> missing =
          send(node, "DELETE", "/v1/gateway/keys/nosuchkey", null, "req-key-missing");

      assertThat(revoked.statusCode()).isEqualTo(200);
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(unknown.body()).path("error").path("code").asText())
          .isEqualTo("UnknownPolicy");
      assertThat(missing.statusCode()).isEqualTo(404);
      JsonNode entries = JSON.readTree(node.adminGet("/v1/rbac/audit?limit=4")).path("value");
      String subject = id + " alias=- policy=standard expires=never";
      assertEntry(entries.get(3), "CREATE_API_KEY", subject, "allowed", "");
      assertEntry(entries.get(2), "REVOKE_API_KEY", subject, "allowed", "");
      assertEntry(
          entries.get(1),
          "CREATE_API_KEY",
          "- alias=- policy=gold expires=never",
          "error",
          "UnknownPolicy");
      assertEntry(
          entries.get(0),
          "REVOKE_API_KEY",
          "nosuchkey alias=- policy=- expires=never",
          "error",
          "KeyNotFound");
      assertThat(entries)
          .extracting(e -> e.path("requestId").asText())
          .containsExactly("req-key-missing", "req-key-gold", "req-key-revoke", "req-key-create");
    }
  }

  @Test
  void whenTheTrailCannotBeWritten_keyCreateIsRefused_andRevokeFailsWithTheKeyRevoked()
      throws Exception {
    try (RunningNode node = new RunningNode(data)) {
      JsonNode before =
          JSON.readTree(
              node.cli(null, "key", "create", "--policy", "standard", "-o", "json").out());
      String id = before.path("id").asText();
      sql("ALTER TABLE audit_log RENAME TO audit_log_away");
      Run refused = node.cli(null, "key", "create", "--policy", "standard", "--alias", "shop");
      Run revoke = node.cli(null, "key", "revoke", id);
      sql("ALTER TABLE audit_log_away RENAME TO audit_log");

      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
      assertThat(refused.err())
          .contains("the API key was not created: the audit trail could not record it");
      assertThat(refused.out()).doesNotContain("kg_");
      assertThat(revoke.exitCode()).as(revoke.toString()).isEqualTo(ExitCodes.UNAVAILABLE);
      assertThat(revoke.err())
          .contains("API key " + id + " is revoked, but the audit trail could not record it");
      JsonNode listed = JSON.readTree(node.cli(null, "key", "list", "-o", "json").out());
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).path("id").asText()).isEqualTo(id);
      assertThat(listed.get(0).path("revoked").isTextual()).isTrue();
      assertThat(node.cli(null, "audit", "verify").exitCode()).isZero();
    }
  }

  private static void assertEntry(
      JsonNode entry, String action, String name, String outcome, String code) {
    assertThat(entry.path("action").asText()).isEqualTo(action);
    assertThat(entry.path("name").asText()).isEqualTo(name);
    assertThat(entry.path("outcome").asText()).isEqualTo(outcome);
    assertThat(entry.path("code").asText()).isEqualTo(code);
    assertThat(entry.path("onBehalfOf").asText()).isEqualTo("admin");
    assertThat(entry.path("via").asText()).isEqualTo("admin-api");
    assertThat(entry.path("vault").asText()).isEmpty();
    assertThat(entry.path("version").asText()).isEmpty();
  }

  /** Every column of every audit row, as text: what a reader of the vault database sees. */
  private String auditRows() throws Exception {
    StringBuilder rows = new StringBuilder();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vault.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM audit_log")) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          rows.append(rs.getString(i)).append('|');
        }
        rows.append('\n');
      }
    }
    return rows.toString();
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vault.db"));
        Statement s = c.createStatement()) {
      s.executeUpdate(statement);
    }
  }

  private static HttpResponse<String> send(
      RunningNode node, String method, String path, String body, String requestId)
      throws Exception {
    String token = Files.readString(node.data.resolve("admin-token")).strip();
    try (HttpClient http = HttpClient.newBuilder().sslContext(node.adminTls()).build()) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(node.address() + path))
              .header("Authorization", "Bearer " + token)
              .header("X-Request-Id", requestId)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  private static String secretPart(String key) {
    return key.substring(key.indexOf('_', 3) + 1);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
