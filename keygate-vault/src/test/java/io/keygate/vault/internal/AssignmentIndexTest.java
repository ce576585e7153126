package io.keygate.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.vault.internal.store.RoleTable;
import io.keygate.vault.rbac.Action;
import io.keygate.vault.rbac.Decision;
import io.keygate.vault.rbac.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every role x action x scope kind x principal kind, against a literal table of what each role
 * grants (written out here, not derived from {@link Role#allows}).
 */
class AssignmentIndexTest {
  /** Columns: secrets-reader, secrets-user, secrets-officer, vault-admin, gateway-node. */
  private static final Map<Action, String> GRANTS =
      Map.ofEntries(
          Map.entry(Action.GET_METADATA, "YYYY-"),
          Map.entry(Action.READ_VALUE, "-YYY-"),
          Map.entry(Action.SET, "--YY-"),
          Map.entry(Action.UPDATE, "--YY-"),
          Map.entry(Action.ROTATE, "--YY-"),
          Map.entry(Action.DELETE, "--YY-"),
          Map.entry(Action.RECOVER, "--YY-"),
          Map.entry(Action.PURGE, "--YY-"),
          Map.entry(Action.BACKUP, "--YY-"),
          Map.entry(Action.RESTORE, "--YY-"),
          Map.entry(Action.MANAGE_ROLES, "---Y-"),
          Map.entry(Action.RESOLVE_ON_BEHALF, "---YY"));

  /** Scope as stored, and whether it covers payments/Upstream-Token. */
  private static final Map<String, Boolean> SCOPES =
      Map.of(
          "*", true,
          "payments", true,
          "payments/upstream-token", true,
          "payments/other", false,
          "billing", false,
          "billing/upstream-token", false);

  private static final List<String> PRINCIPALS =
      List.of("user:alice", "group:payments-team", "app:5f1c-client", "key:k_abc123", "service:n1");

  static Stream<Arguments> everyCombination() {
    List<Arguments> rows = new ArrayList<>();
    Role[] roles = Role.values();
    for (int r = 0; r < roles.length; r++) {
      for (Action action : Action.values()) {
        for (Map.Entry<String, Boolean> scope : SCOPES.entrySet()) {
          for (String principal : PRINCIPALS) {
            boolean expected = GRANTS.get(action).charAt(r) == 'Y' && scope.getValue();
            rows.add(Arguments.of(roles[r], action, scope.getKey(), principal, expected));
          }
        }
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{3} with {0} on {2} may {1}: {4}")
  @MethodSource("everyCombination")
  void decision_followsTheRoleTableAndTheScope(
      Role role, Action action, String scope, String principal, boolean expected) {
    AssignmentIndex index =
        AssignmentIndex.of(List.of(new RoleTable.Row(principal, role.id(), scope, 0, "admin")), 0);

    Decision decision =
        index.decide(
            new LinkedHashSet<>(List.of("user:someone-else", principal)),
            action,
            "payments",
            "Upstream-Token");

    assertThat(decision.allowed()).isEqualTo(expected);
    if (!expected) {
      assertThat(decision.message())
          .isEqualTo(
              "caller user:someone-else, "
                  + principal
                  + " may not "
                  + action.phrase()
                  + " payments/Upstream-Token (needs "
                  + action.leastRole().id()
                  + ")");
    } else {
      assertThat(decision.grantedBy()).get().extracting(a -> a.principal()).isEqualTo(principal);
    }
  }

  @Test
  void noAssignment_deniesEverything_butAdminIsAllowedEverything() {
    AssignmentIndex empty = AssignmentIndex.of(List.of(), 0);

    for (Action action : Action.values()) {
      assertThat(empty.decide(Set.of("key:abc"), action, "payments", "t").allowed()).isFalse();
      assertThat(empty.decide(Set.of(), action, "payments", "t").allowed()).isFalse();
      assertThat(empty.decide(Set.of("admin"), action, null, null).allowed()).isTrue();
    }
  }

  @Test
  void denial_namesTheCallerTheActionTheSecretAndTheRoleNeeded() {
    AssignmentIndex index =
        AssignmentIndex.of(
            List.of(new RoleTable.Row("key:abc", "secrets-reader", "payments", 0, "admin")), 0);

    Decision decision =
        index.decide(Set.of("key:abc"), Action.READ_VALUE, "payments", "upstream-token");

    assertThat(decision.message())
        .isEqualTo(
            "caller key:abc may not read the value of payments/upstream-token (needs secrets-user)");
  }

  @Test
  void secretScope_doesNotCoverTheWholeVault_andVaultScopeDoesNotCoverTheStore() {
    AssignmentIndex index =
        AssignmentIndex.of(
            List.of(
                new RoleTable.Row("user:a", "vault-admin", "payments/token", 0, "admin"),
                new RoleTable.Row("user:b", "vault-admin", "payments", 0, "admin")),
            0);

    assertThat(index.decide(Set.of("user:a"), Action.GET_METADATA, "payments", null).allowed())
        .isFalse();
    assertThat(index.decide(Set.of("user:b"), Action.MANAGE_ROLES, "payments", null).allowed())
        .isTrue();
    assertThat(index.decide(Set.of("user:b"), Action.MANAGE_ROLES, null, null).message())
        .isEqualTo("caller user:b may not manage role assignments on * (needs vault-admin)");
  }

  @Test
  void vaultNames_matchExactly_whileSecretNamesIgnoreCase() {
    AssignmentIndex index =
        AssignmentIndex.of(
            List.of(new RoleTable.Row("user:a", "secrets-user", "payments/db-pass", 0, "admin")),
            0);

    assertThat(index.decide(Set.of("user:a"), Action.READ_VALUE, "payments", "DB-PASS").allowed())
        .isTrue();
    assertThat(index.decide(Set.of("user:a"), Action.READ_VALUE, "Payments", "db-pass").allowed())
        .isFalse();
  }

  @Test
  void unreadableRow_grantsNothing() {
    AssignmentIndex index =
        AssignmentIndex.of(List.of(new RoleTable.Row("user:a", "superuser", "*", 0, "admin")), 0);

    assertThat(index.all()).isEmpty();
    assertThat(index.decide(Set.of("user:a"), Action.GET_METADATA, "v", "n").allowed()).isFalse();
  }
}
