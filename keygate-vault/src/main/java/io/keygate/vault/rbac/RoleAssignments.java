package io.keygate.vault.rbac;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The role assignments of a vault store and the access decisions made from them. Deny by default:
 * only an assignment whose role grants the action and whose scope covers the resource allows it;
 * {@code admin} is allowed everything.
 *
 * <p>Decisions come from an in-memory copy of the assignments, replaced after every change made
 * through this node and reloaded at least every few seconds (for changes made by other nodes); a
 * decision reads the database only to refresh that copy, at most once per refresh interval (10 s).
 * Changes are durable when the method returns. Changes and listings block (JDBC).
 */
public interface RoleAssignments {

  /**
   * Decides whether any of {@code principals} may do {@code action} on {@code vault/name}. {@code
   * vault} null means the whole store, {@code name} null a whole vault.
   */
  Decision check(Set<String> principals, Action action, String vault, String name);

  /**
   * Grants {@code role} on {@code scope} to {@code principal}, as {@code actor}, who needs {@code
   * vault-admin} on that scope. Idempotent: assigning an existing grant returns it unchanged.
   * Audited.
   */
  RoleAssignment assign(Actor actor, String principal, Role role, Scope scope);

  /**
   * Removes the grant, as {@code actor} ({@code vault-admin} on that scope); 404 {@code
   * RoleAssignmentNotFound} if there is none. Audited.
   */
  void revoke(Actor actor, String principal, Role role, Scope scope);

  /** The assignments, optionally only one principal's and/or one exact scope's, sorted. */
  List<RoleAssignment> list(Optional<String> principal, Optional<Scope> scope);
}
