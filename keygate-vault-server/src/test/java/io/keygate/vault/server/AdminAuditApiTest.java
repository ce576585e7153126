package io.keygate.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.vault.audit.AuditEntry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every change the native admin API can make is in the audit trail, with its outcome. */
class AdminAuditApiTest {
  private static final String CANARY = "kg-canary-admin-audit-7f3e";
  @TempDir Path data;
  private RunningAdminServer api;

  @BeforeEach
  void start() throws Exception {
    api = new RunningAdminServer(data, null);
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  @Test
  void everyAdminChange_isAuditedWithItsOutcome_neverWithAValue() throws Exception {
    assertThat(api.call("PUT", "/v1/vaults/payments", null).status()).isEqualTo(201);
    String first =
        SecretsApiTest.version(
            api.call("PUT", "/v1/vaults/payments/secrets/db", "{\"value\":\"" + CANARY + "\"}"));
    assertThat(
            api.call(
                    "PATCH",
                    "/v1/vaults/payments/secrets/db",
                    "{\"attributes\":{\"enabled\":true},\"tags\":{\"team\":\"pay\"}}")
                .status())
        .isEqualTo(200);
    String blob =
        api.call("POST", "/v1/vaults/payments/secrets/db/backup", null)
            .json()
            .path("value")
            .asText();
    assertThat(api.call("DELETE", "/v1/vaults/payments/secrets/db", null).status()).isEqualTo(200);
    assertThat(api.call("POST", "/v1/vaults/payments/deletedsecrets/db/recover", null).status())
        .isEqualTo(200);
    api.call("DELETE", "/v1/vaults/payments/secrets/db", null);
    assertThat(api.call("DELETE", "/v1/vaults/payments/deletedsecrets/db", null).status())
        .isEqualTo(204);
    assertThat(
            api.call("POST", "/v1/vaults/payments/secrets/restore", "{\"value\":\"" + blob + "\"}")
                .status())
        .isEqualTo(200);
    assertThat(api.call("DELETE", "/v1/vaults/payments/deletedsecrets/gone", null).status())
        .isEqualTo(404);
    assertThat(api.call("POST", "/v1/master-key/rotate", null).status()).isEqualTo(200);

    List<AuditEntry> entries = api.vault.audit().recent(11);
    assertThat(entries)
        .extracting(
            e ->
                e.action()
                    + " "
                    + e.vault()
                    + "/"
                    + e.name()
                    + " "
                    + e.version()
                    + " "
                    + e.outcome()
                    + " "
                    + e.code())
        .containsExactly(
            "ROTATE_MASTER_KEY /  allowed ",
            "PURGE payments/gone  error SecretNotFound",
            "RESTORE payments/db " + first + " allowed ",
            "PURGE payments/db  allowed ",
            "DELETE payments/db  allowed ",
            "RECOVER payments/db " + first + " allowed ",
            "DELETE payments/db  allowed ",
            "BACKUP payments/db  allowed ",
            "UPDATE payments/db " + first + " allowed ",
            "SET payments/db " + first + " allowed ",
            "CREATE_VAULT payments/  allowed ");
    assertThat(entries.subList(0, 11))
        .allSatisfy(
            e -> {
              assertThat(e.onBehalfOf()).isEqualTo("admin");
              assertThat(e.via()).isEqualTo("admin-api");
              assertThat(e.requestId()).isNotEmpty();
            });
    assertThat(entries.toString()).doesNotContain(CANARY).doesNotContain(blob);
  }

  @Test
  void verifyRoute_answersOk_thenTheFirstBrokenEntryAfterARowOfTheDatabaseFileIsAltered()
      throws Exception {
    api.call("PUT", "/v1/vaults/default/secrets/a", "{\"value\":\"" + CANARY + "\"}");
    api.call("PUT", "/v1/vaults/default/secrets/b", "{\"value\":\"" + CANARY + "\"}");
    api.call("GET", "/v1/vaults/default/secrets/a", null);

    var intact = api.call("GET", "/v1/audit/verify", null);
    assertThat(intact.status()).isEqualTo(200);
    assertThat(intact.json().path("ok").asBoolean()).isTrue();
    assertThat(intact.json().path("checked").asLong()).isEqualTo(3);

    String id;
    long at;
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vault.db"));
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE audit_log SET outcome = 'denied' WHERE seq = 2");
      try (ResultSet row =
          statement.executeQuery("SELECT entry_id, at FROM audit_log WHERE seq = 2")) {
        row.next();
        id = row.getString(1);
        at = row.getLong(2);
      }
    }

    var broken = api.call("GET", "/v1/audit/verify", null);
    assertThat(broken.status()).isEqualTo(200);
    assertThat(broken.json().path("ok").asBoolean()).isFalse();
    assertThat(broken.json().path("firstBroken").toString())
        .isEqualTo(
            "{\"entryId\":\""
                + id
                + "\",\"seq\":2,\"time\":\""
                + Instant.ofEpochMilli(at)
                + "\",\"reason\":\"its content does not match its hash (altered?)\"}");
    var since = api.call("GET", "/v1/audit/verify?since=" + Instant.ofEpochMilli(at + 1), null);
    assertThat(since.json().path("ok").asBoolean()).isTrue();

    var bad = api.call("GET", "/v1/audit/verify?since=yesterday", null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorCode()).isEqualTo("BadParameter");
    assertThat(bad.errorMessage())
        .isEqualTo(
            "query parameter 'since' must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
  }
}
