package io.keygate.vault.internal;

import io.keygate.vault.internal.store.RoleTable;
import io.keygate.vault.rbac.Action;
import io.keygate.vault.rbac.Decision;
import io.keygate.vault.rbac.Principals;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.RoleAssignment;
import io.keygate.vault.rbac.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An immutable copy of every assignment, indexed by principal: decisions read only this. */
record AssignmentIndex(
    List<RoleAssignment> all, Map<String, List<RoleAssignment>> byPrincipal, long loadedNanos) {
  private static final Logger log = LoggerFactory.getLogger(AssignmentIndex.class);

  static AssignmentIndex of(List<RoleTable.Row> rows, long loadedNanos) {
    List<RoleAssignment> all = new ArrayList<>();
    Map<String, List<RoleAssignment>> byPrincipal = new HashMap<>();
    for (RoleTable.Row row : rows) {
      RoleAssignment assignment;
      try {
        assignment =
            new RoleAssignment(
                row.principal(),
                Role.parse(row.role()),
                Scope.parse(row.scope()),
                Instant.ofEpochSecond(row.created()),
                row.createdBy());
      } catch (IllegalArgumentException e) {
        // A row this version cannot read grants nothing (deny by default), but say so.
        log.warn("Ignoring unreadable role assignment row: {}", e.getMessage());
        continue;
      }
      all.add(assignment);
      byPrincipal.computeIfAbsent(row.principal(), p -> new ArrayList<>()).add(assignment);
    }
    byPrincipal.replaceAll((p, list) -> List.copyOf(list));
    return new AssignmentIndex(List.copyOf(all), Map.copyOf(byPrincipal), loadedNanos);
  }

  Decision decide(Set<String> principals, Action action, String vault, String name) {
    String resource = vault == null ? "*" : name == null ? vault : vault + "/" + name;
    if (principals.contains(Principals.ADMIN)) {
      return Decision.allow(action, resource, Optional.empty());
    }
    for (String principal : principals) {
      for (RoleAssignment assignment : byPrincipal.getOrDefault(principal, List.of())) {
        if (assignment.grants(action, vault, name)) {
          return Decision.allow(action, resource, Optional.of(assignment));
        }
      }
    }
    return Decision.deny(List.copyOf(principals), action, resource);
  }

  Optional<RoleAssignment> find(String principal, Role role, Scope scope) {
    return byPrincipal.getOrDefault(principal, List.of()).stream()
        .filter(a -> a.role() == role && a.scope().equals(scope))
        .findFirst();
  }
}
