package io.keygate.vault.internal;

import io.keygate.secrets.SecretEvent;
import io.keygate.vault.VaultException;
import io.keygate.vault.VaultException.NotFound;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.audit.AuditLog;
import io.keygate.vault.internal.store.RoleTable;
import io.keygate.vault.internal.store.SqlWork;
import io.keygate.vault.rbac.Action;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Decision;
import io.keygate.vault.rbac.Principals;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.RoleAssignment;
import io.keygate.vault.rbac.RoleAssignments;
import io.keygate.vault.rbac.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Role assignments in the vault's store, decided from an in-memory snapshot. The snapshot is
 * replaced after each change made here and reloaded when older than {@link #REFRESH}, so changes
 * made by another node of a cluster take effect within that time.
 */
final class StoredRoleAssignments implements RoleAssignments {
  static final Duration REFRESH = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(StoredRoleAssignments.class);

  private final VaultContext context;
  private final AuditLog audit;
  private final RoleTable table = new RoleTable();
  private final AtomicBoolean reloading = new AtomicBoolean();
  private final AtomicReference<AssignmentIndex> index = new AtomicReference<>();

  StoredRoleAssignments(VaultContext context, AuditLog audit) {
    this.context = context;
    this.audit = audit;
    this.index.set(load());
  }

  @Override
  public Decision check(Set<String> principals, Action action, String vault, String name) {
    AssignmentIndex current = index.get();
    if (current.loadedNanos() + REFRESH.toNanos() - System.nanoTime() < 0) {
      current = reloadQuietly(current);
    }
    return current.decide(principals, action, vault, name);
  }

  @Override
  public RoleAssignment assign(Actor actor, String principal, Role role, Scope scope) {
    Principals.requireValid(principal);
    String vault = scope.vault().orElse(null);
    String target = principal + " " + role.id() + " " + scope;
    guard(actor, "ASSIGN_ROLE", vault, target);
    Instant now = context.now();
    String createdBy = actor.onBehalfOf();
    boolean created =
        change(
            actor,
            "ASSIGN_ROLE",
            scope,
            target,
            connection -> {
              if (table.exists(connection, principal, role.id(), scope.toString())) {
                return false;
              }
              table.insert(
                  connection,
                  new RoleTable.Row(
                      principal, role.id(), scope.toString(), now.getEpochSecond(), createdBy));
              return true;
            });
    return index
        .get()
        .find(principal, role, scope)
        .orElseGet(
            () ->
                new RoleAssignment(
                    principal, role, scope, created ? now : Instant.EPOCH, createdBy));
  }

  @Override
  public void revoke(Actor actor, String principal, Role role, Scope scope) {
    Principals.requireValid(principal);
    String vault = scope.vault().orElse(null);
    String target = principal + " " + role.id() + " " + scope;
    guard(actor, "REVOKE_ROLE", vault, target);
    change(
        actor,
        "REVOKE_ROLE",
        scope,
        target,
        connection -> {
          if (!table.delete(connection, principal, role.id(), scope.toString())) {
            throw new NotFound(
                "RoleAssignmentNotFound",
                "no role assignment " + role.id() + " on " + scope + " for " + principal);
          }
          return true;
        });
  }

  @Override
  public List<RoleAssignment> list(Optional<String> principal, Optional<Scope> scope) {
    return load().all().stream()
        .filter(a -> principal.isEmpty() || a.principal().equals(principal.get()))
        .filter(a -> scope.isEmpty() || a.scope().equals(scope.get()))
        .toList();
  }

  private void guard(Actor actor, String action, String vault, String target) {
    Decision decision = check(actor.principalSet(), Action.MANAGE_ROLES, vault, null);
    if (!decision.allowed()) {
      audit.record(
          entry(
              actor,
              action,
              vault == null ? "" : vault,
              target,
              AuditEntry.DENIED,
              Decision.FORBIDDEN_BY_RBAC));
      decision.requireAllowed();
    }
  }

  /**
   * Commits {@code work}, refreshes the copy, audits the outcome, then tells subscribers that
   * access on {@code scope} changed (so gateways drop their cached decisions).
   */
  private <T> T change(Actor actor, String action, Scope scope, String target, SqlWork<T> work) {
    String vault = scope.vault().orElse("");
    T result;
    try {
      result = context.write(work);
    } catch (VaultException e) {
      audit.record(entry(actor, action, vault, target, AuditEntry.ERROR, e.code()));
      throw e;
    } finally {
      reloadAfterChange();
    }
    audit.record(entry(actor, action, vault, target, AuditEntry.ALLOWED, ""));
    context.publish(SecretEvent.Type.ACCESS_CHANGED, vault, scope.name().orElse(""), "");
    return result;
  }

  private AuditEntry entry(
      Actor actor, String action, String vault, String target, String outcome, String code) {
    return new AuditEntry(
        context.options.clock().instant(),
        actor.principals(),
        actor.onBehalfOf(),
        actor.via(),
        actor.api(),
        action,
        vault,
        target,
        "",
        outcome,
        code,
        actor.requestId());
  }

  /**
   * Refreshes an expired copy. One thread refreshes while the others keep deciding from the copy
   * they have; a refresh that raced with a change made here does not replace the newer copy.
   */
  private AssignmentIndex reloadQuietly(AssignmentIndex stale) {
    if (!reloading.compareAndSet(false, true)) {
      return stale;
    }
    try {
      AssignmentIndex fresh = load();
      return index.compareAndSet(stale, fresh) ? fresh : index.get();
    } catch (VaultException e) {
      // A store outage must not stop decisions: keep deciding from the last copy, and try
      // again only after another interval.
      index.compareAndSet(
          stale, new AssignmentIndex(stale.all(), stale.byPrincipal(), System.nanoTime()));
      return stale;
    } finally {
      reloading.set(false);
    }
  }

  private void reloadAfterChange() {
    try {
      index.set(load());
    } catch (VaultException e) {
      // The change may be committed; the copy catches up at the next refresh.
      log.warn("Role assignments could not be reloaded after a change: {}", e.getMessage());
    }
  }

  private AssignmentIndex load() {
    List<RoleTable.Row> rows = context.read(table::all);
    return AssignmentIndex.of(rows, System.nanoTime());
  }
}
