package io.keygate.vault.rbac;

import java.time.Instant;
import java.util.Objects;

/**
 * One grant: {@code principal} holds {@code role} on {@code scope}.
 *
 * @param principal who (see {@link Principals})
 * @param role what they may do
 * @param scope where
 * @param created when the assignment was made
 * @param createdBy the principal that made it
 */
public record RoleAssignment(
    String principal, Role role, Scope scope, Instant created, String createdBy) {
  public RoleAssignment {
    Principals.requireValid(principal);
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(createdBy, "createdBy");
  }

  /** Whether this assignment lets its principal do {@code action} on {@code vault/name}. */
  public boolean grants(Action action, String vault, String name) {
    return role.allows(action) && scope.covers(vault, name);
  }
}
