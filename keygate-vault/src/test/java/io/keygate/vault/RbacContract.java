package io.keygate.vault;

import static io.keygate.vault.Fixtures.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.secrets.SecretEvent;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.rbac.Action;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.RoleAssignment;
import io.keygate.vault.rbac.Scope;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Role assignments through the store: durable, listed, decided from memory, changes audited. */
interface RbacContract extends VaultFixture {
  Actor ADMIN = Actor.admin("test", "req-1");

  @Test
  default void assignment_allows_andRevocation_deniesAgain() {
    vault().roles().assign(ADMIN, "key:abc", Role.SECRETS_USER, Scope.parse("payments"));

    assertThat(
            vault().roles().check(Set.of("key:abc"), Action.READ_VALUE, "payments", "t").allowed())
        .isTrue();

    vault().roles().revoke(ADMIN, "key:abc", Role.SECRETS_USER, Scope.parse("payments/*"));

    assertThat(
            vault().roles().check(Set.of("key:abc"), Action.READ_VALUE, "payments", "t").message())
        .isEqualTo("caller key:abc may not read the value of payments/t (needs secrets-user)");
  }

  @Test
  default void assignments_surviveAReopen_andListFiltersByPrincipalAndScope() {
    vault().roles().assign(ADMIN, "user:alice", Role.SECRETS_OFFICER, Scope.parse("payments"));
    vault().roles().assign(ADMIN, "user:alice", Role.SECRETS_READER, Scope.ALL);
    vault().roles().assign(ADMIN, "group:ops", Role.SECRETS_USER, Scope.parse("payments/DB-Pass"));

    SecretVault reopened = reopen(masterKey());

    assertThat(reopened.roles().list(Optional.empty(), Optional.empty()))
        .extracting(a -> a.principal() + " " + a.role() + " " + a.scope() + " " + a.createdBy())
        .containsExactly(
            "group:ops secrets-user payments/db-pass admin",
            "user:alice secrets-officer payments admin",
            "user:alice secrets-reader * admin");
    assertThat(reopened.roles().list(Optional.of("user:alice"), Optional.of(Scope.ALL)))
        .extracting(RoleAssignment::role)
        .containsExactly(Role.SECRETS_READER);
    assertThat(
            reopened
                .roles()
                .check(Set.of("group:ops"), Action.READ_VALUE, "payments", "db-PASS")
                .allowed())
        .isTrue();
  }

  @Test
  default void assigningTwice_keepsOneAssignment() {
    RoleAssignment first = vault().roles().assign(ADMIN, "app:c1", Role.SECRETS_USER, Scope.ALL);
    clock().advance(java.time.Duration.ofMinutes(5));
    RoleAssignment second = vault().roles().assign(ADMIN, "app:c1", Role.SECRETS_USER, Scope.ALL);

    assertThat(second).isEqualTo(first);
    assertThat(vault().roles().list(Optional.of("app:c1"), Optional.empty())).hasSize(1);
  }

  @Test
  default void revokingWhatWasNeverAssigned_isNotFound() {
    assertFails(
        () -> vault().roles().revoke(ADMIN, "key:x", Role.SECRETS_USER, Scope.ALL),
        404,
        "RoleAssignmentNotFound",
        "no role assignment secrets-user on * for key:x");
  }

  @Test
  default void vaultAdminOfOneVault_managesItsAssignments_butNotOthersOrTheStore() {
    vault().roles().assign(ADMIN, "user:lead", Role.VAULT_ADMIN, Scope.parse("payments"));
    Actor lead = new Actor(List.of("user:lead"), "user:lead", "cli", "", "r2");

    vault().roles().assign(lead, "key:k1", Role.SECRETS_USER, Scope.parse("payments/token"));

    assertFails(
        () -> vault().roles().assign(lead, "key:k1", Role.SECRETS_USER, Scope.ALL),
        403,
        "ForbiddenByRbac",
        "caller user:lead may not manage role assignments on * (needs vault-admin)");
    assertFails(
        () -> vault().roles().revoke(lead, "user:lead", Role.VAULT_ADMIN, Scope.parse("billing")),
        403,
        "ForbiddenByRbac",
        "caller user:lead may not manage role assignments on billing (needs vault-admin)");
    assertThat(vault().audit().recent(10))
        .extracting(e -> e.action() + " " + e.outcome() + " " + e.code() + " " + e.name())
        .startsWith(
            "REVOKE_ROLE denied ForbiddenByRbac user:lead vault-admin billing",
            "ASSIGN_ROLE denied ForbiddenByRbac key:k1 secrets-user *",
            "ASSIGN_ROLE allowed  key:k1 secrets-user payments/token");
  }

  @Test
  default void badPrincipalOrScope_isRefusedWithTheSyntax() {
    assertThatThrownBy(() -> vault().roles().assign(ADMIN, "bob", Role.SECRETS_USER, Scope.ALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "principal 'bob' is invalid: use user:<id>, group:<name>, app:<client-id>, key:<id>,"
                + " service:<name> or admin (1 to 256 printable characters after the colon, no"
                + " spaces or commas)");
    assertThatThrownBy(() -> Scope.parse("payments/a/b"))
        .hasMessage(
            "scope 'payments/a/b' is invalid: use *, a vault (payments) or one secret"
                + " (payments/upstream-token)");
    assertThatThrownBy(() -> Role.parse("owner"))
        .hasMessage(
            "role 'owner' is unknown; use one of secrets-reader, secrets-user, secrets-officer,"
                + " vault-admin, gateway-node");
  }

  @Test
  default void roleChanges_areAudited() {
    vault().roles().assign(ADMIN, "key:abc", Role.SECRETS_USER, Scope.ALL);

    AuditEntry entry = vault().audit().recent(1).get(0);
    assertThat(entry.principals()).containsExactly("admin");
    assertThat(entry.action()).isEqualTo("ASSIGN_ROLE");
    assertThat(entry.name()).isEqualTo("key:abc secrets-user *");
    assertThat(entry.via()).isEqualTo("test");
    assertThat(entry.requestId()).isEqualTo("req-1");
    assertThat(entry.outcome()).isEqualTo("allowed");
  }

  @Test
  default void roleChanges_tellSubscribersWhichScopeChanged() throws Exception {
    List<SecretEvent> events = new CopyOnWriteArrayList<>();
    try (AutoCloseable subscription = vault().subscribe(events::add)) {
      vault().roles().assign(ADMIN, "key:abc", Role.SECRETS_USER, Scope.parse("payments/Token"));
      vault().roles().revoke(ADMIN, "key:abc", Role.SECRETS_USER, Scope.parse("payments/token"));
      vault().roles().assign(ADMIN, "key:abc", Role.SECRETS_READER, Scope.ALL);
    }

    assertThat(events)
        .extracting(e -> e.type() + " '" + e.vault() + "' '" + e.name() + "' '" + e.version() + "'")
        .containsExactly(
            "ACCESS_CHANGED 'payments' 'token' ''",
            "ACCESS_CHANGED 'payments' 'token' ''",
            "ACCESS_CHANGED '' '' ''");
  }
}
