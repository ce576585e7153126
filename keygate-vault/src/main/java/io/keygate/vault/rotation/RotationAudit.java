package io.keygate.vault.rotation;

import io.keygate.vault.SecretVault;
import io.keygate.vault.audit.AuditEntry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each finished rotation to the vault's audit trail, as action {@code ROTATE} by the
 * principal {@code system:rotation-scheduler}, via the node that ran it. A success is audited
 * before the rotation is marked finished, so an audit outage leaves it to be completed (and
 * audited) by the next run.
 */
final class RotationAudit {
  static final String ACTION = "ROTATE";
  static final String PRINCIPAL = "system:rotation-scheduler";
  static final String FAILED_CODE = "RotationFailed";
  private static final Logger log = LoggerFactory.getLogger(RotationAudit.class);
  private final SecretVault vault;
  private final String node;

  RotationAudit(SecretVault vault, String node) {
    this.vault = vault;
    this.node = node;
  }

  /** Fails closed: throws when the entry cannot be written. */
  void succeeded(RotationRecord record) {
    vault.audit().record(entry(record, record.newVersion().orElse(""), AuditEntry.ALLOWED, ""));
  }

  /** The failure is already recorded in the history; an audit outage is logged, not thrown. */
  void failed(RotationRecord record) {
    try {
      vault
          .audit()
          .record(
              entry(record, record.previousVersion().orElse(""), AuditEntry.ERROR, FAILED_CODE));
    } catch (RuntimeException e) {
      log.error(
          "Could not audit the failed rotation {} of {}/{}: {}",
          record.id(),
          record.vault(),
          record.name(),
          e.getMessage());
    }
  }

  private AuditEntry entry(RotationRecord record, String version, String outcome, String code) {
    return new AuditEntry(
        record.finished(),
        List.of(PRINCIPAL),
        PRINCIPAL,
        node,
        "",
        ACTION,
        record.vault(),
        record.name(),
        version,
        outcome,
        code,
        record.id());
  }
}
