package io.keygate.gateway.keys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@link ApiKeys} records every change it is asked to make (created, revoked, refused),
 * before the change is reported as done.
 *
 * <p>{@link #record} returns only once the event is durable; if it cannot be written it throws, and
 * {@link ApiKeys} fails closed: a key whose creation cannot be recorded is taken back and never
 * handed out. May block (JDBC): {@link ApiKeys} calls it where it does its own JDBC.
 */
@FunctionalInterface
public interface KeyAudit {

  /** Writes {@code event} durably, or throws. */
  void record(KeyAuditEvent event);

  /**
   * The fallback for a key store opened without an audit trail (a setup step, a test): one JSON
   * line per event on the SLF4J logger {@code keygate.audit}, the logger of the vault's trail, but
   * outside its hash chain. {@code keygate serve} records into its vault's trail instead.
   */
  static KeyAudit logOnly() {
    Logger log = LoggerFactory.getLogger("keygate.audit");
    return event -> log.info(event.jsonLine());
  }
}
