package io.keygate.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.testfixtures.PinnedTls;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.rbac.Action;
import io.keygate.vault.server.rbac.RoleRoutes;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The role routes ({@link RoleRoutes}) on a real HTTPS admin listener over a real SQLite vault. */
class RoleRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path data;
  private static SecretVault vault;
  private static Vertx vertx;
  private static AdminServer server;
  private static AdminToken token;
  private static HttpClient http;

  record Answer(int status, String body) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }

    String error() throws Exception {
      return json().path("error").path("code").asText()
          + ": "
          + json().path("error").path("message").asText();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    MasterKeySource key = MasterKeySource.keyFile(data.resolve("master-key.json"));
    vault =
        SecretVault.open(
            VaultOptions.embedded(data).withMasterKey(key).withSweepInterval(Duration.ZERO));
    vertx = Vertx.vertx();
    token = AdminToken.loadOrCreate(data.resolve("admin-token")).token();
    SelfSignedCertificate.TlsFiles tls = SelfSignedCertificate.loadOrGenerate(data, List.of());
    server =
        AdminServer.builder(vertx)
            .listen("127.0.0.1", 0)
            .tls(tls.certificate(), tls.privateKey())
            .token(token)
            .vault(vault, key)
            .mount(RoleRoutes.MOUNT, RoleRoutes.router(vertx, vault))
            .start()
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    http = PinnedTls.client(tls.certificate());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vault.close();
  }

  private static Answer call(String method, String path, String body, boolean withToken)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(30))
            .header("X-Request-Id", "test-req-1")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (withToken) {
      request.header("Authorization", "Bearer " + token.reveal());
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(response.statusCode(), response.body());
  }

  private static Answer call(String method, String path, String body) throws Exception {
    return call(method, path, body, true);
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  void assign_list_revoke_roundTrip_overHttps() throws Exception {
    Answer assigned =
        call(
            "PUT",
            "/v1/rbac/assignments",
            "{\"principal\":\"key:k-101\",\"role\":\"secrets-user\",\"scope\":\"payments/Token\"}");

    assertThat(assigned.status()).isEqualTo(200);
    assertThat(assigned.json().path("scope").asText()).isEqualTo("payments/token");
    assertThat(assigned.json().path("createdBy").asText()).isEqualTo("admin");
    assertThat(
            vault
                .roles()
                .check(Set.of("key:k-101"), Action.READ_VALUE, "payments", "TOKEN")
                .allowed())
        .isTrue();

    Answer listed = call("GET", "/v1/rbac/assignments?principal=" + q("key:k-101"), null);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json().path("value")).hasSize(1);
    assertThat(listed.json().path("value").get(0).path("role").asText()).isEqualTo("secrets-user");

    Answer revoked =
        call(
            "DELETE",
            "/v1/rbac/assignments?principal="
                + q("key:k-101")
                + "&role=secrets-user&scope=payments/token",
            null);
    assertThat(revoked.status()).isEqualTo(204);
    assertThat(
            call("GET", "/v1/rbac/assignments?principal=" + q("key:k-101"), null)
                .json()
                .path("value"))
        .isEmpty();

    AuditEntry last = vault.audit().recent(1).get(0);
    assertThat(last.action() + " " + last.via() + " " + last.requestId() + " " + last.name())
        .isEqualTo("REVOKE_ROLE admin-api test-req-1 key:k-101 secrets-user payments/token");
  }

  @Test
  void badPrincipalRoleOrScope_isA400SayingTheSyntax() throws Exception {
    Answer principal =
        call(
            "PUT",
            "/v1/rbac/assignments",
            "{\"principal\":\"bob\",\"role\":\"secrets-user\",\"scope\":\"*\"}");
    Answer role =
        call(
            "PUT",
            "/v1/rbac/assignments",
            "{\"principal\":\"user:bob\",\"role\":\"owner\",\"scope\":\"*\"}");
    Answer scope =
        call(
            "PUT",
            "/v1/rbac/assignments",
            "{\"principal\":\"user:bob\",\"role\":\"secrets-user\",\"scope\":\"a/b/c\"}");
    Answer missing =
        call(
            "PUT",
            "/v1/rbac/assignments",
            "{\"principal\":\"user:bob\",\"role\":\"secrets-user\"}");
    Answer filter = call("GET", "/v1/rbac/assignments?scope=" + q("a b"), null);

    assertThat(
            List.of(
                principal.status(),
                role.status(),
                scope.status(),
                missing.status(),
                filter.status()))
        .containsOnly(400);
    assertThat(principal.error())
        .isEqualTo(
            "BadParameter: principal 'bob' is invalid: use user:<id>, group:<name>,"
                + " app:<client-id>, key:<id>, service:<name> or admin (1 to 256 printable"
                + " characters after the colon, no spaces or commas)");
    assertThat(role.error())
        .isEqualTo(
            "BadParameter: role 'owner' is unknown; use one of secrets-reader, secrets-user,"
                + " secrets-officer, vault-admin, gateway-node");
    assertThat(scope.error())
        .isEqualTo(
            "BadParameter: scope 'a/b/c' is invalid: use *, a vault (payments) or one secret"
                + " (payments/upstream-token)");
    assertThat(missing.error()).isEqualTo("BadParameter: field 'scope' is required");
    assertThat(filter.error())
        .isEqualTo(
            "BadParameter: scope 'a b' is invalid: use *, a vault (payments) or one secret"
                + " (payments/upstream-token)");
  }

  @Test
  void revokingAnAbsentAssignment_isA404_andMissingQueryIsA400() throws Exception {
    Answer absent =
        call(
            "DELETE",
            "/v1/rbac/assignments?principal=" + q("user:nobody") + "&role=vault-admin&scope=*",
            null);
    Answer noRole =
        call("DELETE", "/v1/rbac/assignments?principal=" + q("user:nobody") + "&scope=*", null);

    assertThat(absent.status()).isEqualTo(404);
    assertThat(absent.error())
        .isEqualTo("RoleAssignmentNotFound: no role assignment vault-admin on * for user:nobody");
    assertThat(noRole.status()).isEqualTo(400);
    assertThat(noRole.error()).isEqualTo("BadParameter: query parameter 'role' is required");
  }

  @Test
  void withoutTheAdminToken_nothingIsAssigned() throws Exception {
    Answer answer =
        call(
            "PUT",
            "/v1/rbac/assignments",
            "{\"principal\":\"user:eve\",\"role\":\"vault-admin\",\"scope\":\"*\"}",
            false);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(vault.roles().list(java.util.Optional.of("user:eve"), java.util.Optional.empty()))
        .isEmpty();
  }

  @Test
  void auditTrail_isListedNewestFirst_andALimitOutOfRangeIsA400() throws Exception {
    call(
        "PUT",
        "/v1/rbac/assignments",
        "{\"principal\":\"app:c-9\",\"role\":\"secrets-reader\",\"scope\":\"*\"}");

    Answer audit = call("GET", "/v1/rbac/audit?limit=1", null);
    Answer tooMany = call("GET", "/v1/rbac/audit?limit=1001", null);

    assertThat(audit.status()).isEqualTo(200);
    JsonNode entry = audit.json().path("value").get(0);
    assertThat(entry.path("action").asText()).isEqualTo("ASSIGN_ROLE");
    assertThat(entry.path("name").asText()).isEqualTo("app:c-9 secrets-reader *");
    assertThat(entry.path("principals").get(0).asText()).isEqualTo("admin");
    assertThat(entry.path("via").asText()).isEqualTo("admin-api");
    assertThat(audit.json().path("value")).hasSize(1);
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.error())
        .isEqualTo("BadParameter: query parameter 'limit' must be a number from 1 to 1000");
  }
}
