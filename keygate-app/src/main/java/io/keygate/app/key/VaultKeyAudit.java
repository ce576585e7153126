package io.keygate.app.key;

import io.keygate.gateway.keys.KeyAudit;
import io.keygate.gateway.keys.KeyAuditEvent;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.audit.AuditLog;
import java.util.List;
import java.util.Objects;

/**
 * Records the gateway's API key changes in the vault's audit trail, in its hash chain beside the
 * vault's own admin operations: action {@code CREATE_API_KEY} or {@code REVOKE_API_KEY}, the caller
 * as principal and {@code onBehalfOf}, and the key as the entry's name ({@code <id> alias=...
 * policy=... expires=...}); no vault, version or API. Never the key or its hash.
 *
 * <p>Fails closed through {@link AuditLog#record}: an entry that cannot be written throws, and the
 * key store refuses the change.
 */
public final class VaultKeyAudit implements KeyAudit {
  private final AuditLog audit;

  public VaultKeyAudit(AuditLog audit) {
    this.audit = Objects.requireNonNull(audit, "audit");
  }

  @Override
  public void record(KeyAuditEvent event) {
    audit.record(
        new AuditEntry(
            event.time(),
            List.of(event.actor().principal()),
            event.actor().principal(),
            event.actor().via(),
            "",
            event.action(),
            "",
            event.subject(),
            "",
            event.outcome(),
            event.code(),
            event.actor().requestId()));
  }
}
