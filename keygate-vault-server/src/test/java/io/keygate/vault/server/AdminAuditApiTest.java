package io.keygate.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.vault.audit.AuditEntry;
import java.nio.file.Path;
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
}
