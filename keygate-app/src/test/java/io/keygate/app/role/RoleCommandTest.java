package io.keygate.app.role;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.Main;
import io.keygate.app.cli.CliEnvironment;
import io.keygate.secrets.Caller;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.SelfSignedCertificate;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keygate role ...} against a real admin HTTPS listener wired as {@code serve} wires it, and
 * the source that wiring returns.
 */
class RoleCommandTest {
  @TempDir static Path data;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Vertx vertx;
  private static SecretVault vault;
  private static AdminServer admin;
  private static AdminToken token;
  private static SecretSource source;

  @BeforeAll
  static void start() {
    MasterKeySource key = MasterKeySource.keyFile(data.resolve("master-key.json"));
    vault =
        SecretVault.open(
            VaultOptions.embedded(data).withMasterKey(key).withSweepInterval(Duration.ZERO));
    vertx = Vertx.vertx();
    SelfSignedCertificate.TlsFiles tls =
        SelfSignedCertificate.loadOrGenerate(data, List.of("127.0.0.1"));
    token = AdminToken.generate();
    AdminServer.Builder builder =
        AdminServer.builder(vertx)
            .listen("127.0.0.1", 0)
            .tls(tls.certificate(), tls.privateKey())
            .token(token)
            .vault(vault, key);
    source = RoleWiring.wire(vertx, vault, builder);
    admin = builder.start().await();
  }

  @AfterAll
  static void stop() {
    admin.close().await();
    vertx.close().await();
    vault.close();
  }

  @Test
  void assignThenList_thenRevoke_changesWhatTheSourceServes() throws Exception {
    vault.createVault("payments");
    vault.setSecret(
        "payments", "upstream-token", SetSecretRequest.of(SecretValue.of("kg-canary-role-cli")));
    Caller caller = new Caller(List.of("key:k-77"), "node-1", "payments");

    Result assigned =
        keygate("role", "assign", "key:k-77", "secrets-user", "--scope", "payments/upstream-token");
    assertThat(assigned.exit()).as(assigned.err()).isZero();
    assertThat(assigned.out().trim())
        .isEqualTo("assigned secrets-user on payments/upstream-token to key:k-77");
    assertThat(
            source
                .resolve(SecretRef.of("payments", "upstream-token"), caller)
                .toCompletableFuture()
                .join()
                .value()
                .reveal())
        .isEqualTo("kg-canary-role-cli");

    Result listed = keygate("role", "list", "--principal", "key:k-77", "--output", "json");
    JsonNode rows = JSON.readTree(listed.out());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).path("role").asText()).isEqualTo("secrets-user");
    assertThat(rows.get(0).path("scope").asText()).isEqualTo("payments/upstream-token");

    Result table = keygate("role", "list");
    assertThat(table.out()).startsWith("PRINCIPAL").contains("key:k-77", "secrets-user");

    Result revoked =
        keygate("role", "revoke", "key:k-77", "secrets-user", "--scope", "payments/upstream-token");
    assertThat(revoked.out().trim())
        .isEqualTo("revoked secrets-user on payments/upstream-token from key:k-77");
    CompletionException denied =
        org.junit.jupiter.api.Assertions.assertThrows(
            CompletionException.class,
            () ->
                source
                    .resolve(SecretRef.of("payments", "upstream-token"), caller)
                    .toCompletableFuture()
                    .join());
    assertThat(((SecretAccessException) denied.getCause()).code()).isEqualTo("ForbiddenByRbac");
  }

  @Test
  void badRole_isRefusedWithTheListOfRoles() {
    Result result = keygate("role", "assign", "user:bob", "owner", "--scope", "*");

    assertThat(result.exit()).isNotZero();
    assertThat(result.err())
        .contains(
            "role 'owner' is unknown; use one of secrets-reader, secrets-user, secrets-officer,"
                + " vault-admin");
  }

  @Test
  void assignWithoutScope_isAUsageError() {
    Result result = keygate("role", "assign", "user:bob", "secrets-user");

    assertThat(result.exit()).isNotZero();
    assertThat(result.err()).contains("Missing required option: '--scope=SCOPE'");
  }

  @Test
  void auditList_showsRoleChangesAndReads_neverValues() throws Exception {
    keygate("role", "assign", "app:c-5", "secrets-reader", "--scope", "*");

    Result table = keygate("audit", "list", "--limit", "5");
    Result json = keygate("audit", "list", "--limit", "1", "--output", "json");

    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out()).startsWith("TIME").contains("ASSIGN_ROLE", "app:c-5 secrets-reader *");
    assertThat(table.out()).doesNotContain("kg-canary");
    JsonNode entries = JSON.readTree(json.out());
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).path("via").asText()).isEqualTo("admin-api");
  }

  private static Result keygate(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--addr", "https://127.0.0.1:" + admin.port(), "--data", data.toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.execute(
            CliEnvironment.of(
                Map.of("KEYGATE_TOKEN", token.reveal()), new ByteArrayInputStream(new byte[0])),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            all.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  private record Result(int exit, String out, String err) {}
}
