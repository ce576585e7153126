package io.keygate.vault.server.kv2;

import io.keygate.secrets.SecretAccessException;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.audit.AuditLog;
import io.keygate.vault.rbac.Action;
import io.keygate.vault.rbac.Actor;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Audits the KV changes that {@link io.keygate.vault.rbac.GuardedVault} has no method for (delete,
 * undelete, destroy of versions; metadata changes): after the change, before the answer. If the
 * entry cannot be written the request fails, as every audited call does.
 */
final class KvAudit {
  private final AuditLog log;

  KvAudit(AuditLog log) {
    this.log = log;
  }

  /** Runs {@code change} and audits how it ended. */
  <T> T around(
      Actor actor, Action action, String vault, String name, String version, Supplier<T> change) {
    T result;
    try {
      result = change.get();
    } catch (SecretAccessException e) {
      record(actor, action, vault, name, version, AuditEntry.ERROR, e.code());
      throw e;
    }
    record(actor, action, vault, name, version, AuditEntry.ALLOWED, "");
    return result;
  }

  private void record(
      Actor actor,
      Action action,
      String vault,
      String name,
      String version,
      String outcome,
      String code) {
    log.record(
        new AuditEntry(
            Instant.now(),
            actor.principals(),
            actor.onBehalfOf(),
            actor.via(),
            actor.api(),
            action.name(),
            vault,
            name,
            version,
            outcome,
            code,
            actor.requestId()));
  }
}
