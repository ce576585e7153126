package io.keygate.gateway.keys;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link ApiKeys}' changes to a {@link KeyAudit} and turns a failed write into {@link
 * KeyAuditException}, undoing what can be undone first. The caller's message is our own; the
 * trail's exception is kept as the cause and logged, never answered.
 */
final class AuditedKeyChanges {
  static final String BAD = "BadParameter";
  static final String STORE = "KeyStoreUnavailable";
  static final String NOT_FOUND = "KeyNotFound";

  private static final Logger LOG = LoggerFactory.getLogger(AuditedKeyChanges.class);
  private final KeyAudit audit;
  private final Clock clock;

  AuditedKeyChanges(KeyAudit audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  /** Records a change that was made; if the trail refuses it, runs {@code undo} and throws. */
  void done(KeyActor actor, String action, ApiKeyInfo key, Runnable undo) {
    try {
      audit.record(
          new KeyAuditEvent(
              clock.instant().truncatedTo(ChronoUnit.MILLIS),
              actor,
              action,
              key.id(),
              key.alias(),
              key.policy(),
              key.expires(),
              KeyAuditEvent.ALLOWED,
              ""));
    } catch (RuntimeException e) {
      LOG.error("audit trail refused {} of API key {}: {}", action, key.id(), e.toString());
      try {
        undo.run();
      } catch (RuntimeException undoFailed) {
        // The key was never handed out, so a row left behind cannot be presented by anyone.
        LOG.warn("could not take back API key {}: {}", key.id(), undoFailed.toString());
      }
      throw new KeyAuditException(
          KeyAuditEvent.CREATE.equals(action)
              ? "the API key was not created: the audit trail could not record it"
              : "API key " + key.id() + " is revoked, but the audit trail could not record it",
          e);
    }
  }

  /** Records a change that was refused, with {@code code}; throws if the trail refuses it. */
  void refused(KeyActor actor, String action, String id, String alias, String policy, String code) {
    try {
      audit.record(
          new KeyAuditEvent(
              clock.instant().truncatedTo(ChronoUnit.MILLIS),
              actor,
              action,
              id,
              alias,
              policy,
              null,
              KeyAuditEvent.ERROR,
              code));
    } catch (RuntimeException e) {
      LOG.error("audit trail refused a refused {} ({}): {}", action, code, e.toString());
      throw new KeyAuditException("the audit trail could not record the request", e);
    }
  }
}
