package io.keygate.vault;

import static io.keygate.vault.Fixtures.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.audit.AuditJson;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.GuardedVault;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Reads and changes through {@link GuardedVault}: RBAC first, audit before the answer. */
interface AuditContract extends VaultFixture {
  Actor CALLER =
      new Actor(List.of("key:k1", "group:team"), "key:k1", "node-a", "payments-api", "req-42");

  private GuardedVault guarded() {
    return new GuardedVault(vault(), clock());
  }

  @Test
  default void allowedRead_isAuditedWithCallerNodeApiAndVersion_neverTheValue() {
    SecretValue canary = Fixtures.canary();
    String version = set("upstream-token", canary).properties().version();
    vault().roles().assign(Actor.admin("test", ""), "group:team", Role.SECRETS_USER, Scope.ALL);

    SecretValue read =
        guarded().readValue(CALLER, V, "upstream-token", Optional.empty(), b -> b.value());

    assertThat(read).isEqualTo(canary);
    AuditEntry entry = vault().audit().recent(1).get(0);
    assertThat(entry)
        .isEqualTo(
            new AuditEntry(
                clock().instant(),
                List.of("key:k1", "group:team"),
                "key:k1",
                "node-a",
                "payments-api",
                "READ_VALUE",
                V,
                "upstream-token",
                version,
                "allowed",
                "",
                "req-42"));
    assertThat(AuditJson.line(entry))
        .isEqualTo(
            "{\"time\":\"2026-01-01T00:00:00Z\",\"principals\":[\"key:k1\",\"group:team\"],"
                + "\"onBehalfOf\":\"key:k1\",\"via\":\"node-a\",\"api\":\"payments-api\","
                + "\"action\":\"READ_VALUE\",\"vault\":\"default\",\"name\":\"upstream-token\","
                + "\"version\":\""
                + version
                + "\",\"outcome\":\"allowed\",\"code\":\"\",\"requestId\":\"req-42\"}");
    assertThat(AuditJson.line(entry)).doesNotContain(canary.reveal());
  }

  @Test
  default void deniedRead_isA403NamingTheAction_andIsAudited() {
    set("upstream-token", Fixtures.canary());
    vault().roles().assign(Actor.admin("test", ""), "key:k1", Role.SECRETS_READER, Scope.ALL);
    AtomicBoolean read = new AtomicBoolean();

    assertFails(
        () ->
            guarded()
                .readValue(
                    CALLER,
                    V,
                    "upstream-token",
                    Optional.empty(),
                    b -> {
                      read.set(true);
                      return b.value();
                    }),
        403,
        "ForbiddenByRbac",
        "caller key:k1, group:team may not read the value of default/upstream-token (needs"
            + " secrets-user)");
    assertThat(read).isFalse();
    AuditEntry entry = vault().audit().recent(1).get(0);
    assertThat(entry.outcome()).isEqualTo("denied");
    assertThat(entry.code()).isEqualTo("ForbiddenByRbac");
  }

  @Test
  default void readOfAMissingSecret_isAuditedAsAnError() {
    vault().roles().assign(Actor.admin("test", ""), "key:k1", Role.SECRETS_USER, Scope.ALL);

    assertFails(
        () -> guarded().readValue(CALLER, V, "nope", Optional.empty(), b -> b.value()),
        404,
        "SecretNotFound",
        "secret default/nope not found");
    AuditEntry entry = vault().audit().recent(1).get(0);
    assertThat(entry.outcome() + " " + entry.code()).isEqualTo("error SecretNotFound");
  }

  @Test
  default void writesAndDeletes_areCheckedAndAudited() {
    Actor officer = new Actor(List.of("user:o"), "user:o", "cli", "", "");
    vault().roles().assign(Actor.admin("test", ""), "user:o", Role.SECRETS_OFFICER, Scope.parse(V));

    String version =
        guarded().setSecret(officer, V, "db", SetSecretRequest.of(Fixtures.canary())).version();
    guarded().deleteSecret(officer, V, "db");

    assertThat(vault().audit().recent(2))
        .extracting(e -> e.action() + " " + e.outcome() + " " + e.version())
        .containsExactly("DELETE allowed ", "SET allowed " + version);
    assertFails(
        () -> guarded().setSecret(CALLER, V, "db", SetSecretRequest.of(Fixtures.canary())),
        403,
        "ForbiddenByRbac",
        "caller key:k1, group:team may not set default/db (needs secrets-officer)");
  }

  @Test
  default void auditThatCannotBeWritten_failsTheReadClosed() throws Exception {
    set("upstream-token", Fixtures.canary());
    vault().roles().assign(Actor.admin("test", ""), "key:k1", Role.SECRETS_USER, Scope.ALL);
    try (Connection connection = rawConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE audit_log");
    }
    AtomicBoolean returned = new AtomicBoolean();

    assertFails(
        () -> {
          guarded().readValue(CALLER, V, "upstream-token", Optional.empty(), b -> b.value());
          returned.set(true);
        },
        503,
        "AuditUnavailable",
        "the audit entry could not be written, so the request was refused");
    assertThat(returned).isFalse();
  }
}
