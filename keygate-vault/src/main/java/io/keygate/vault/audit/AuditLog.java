package io.keygate.vault.audit;

import java.util.List;

/**
 * The vault's audit trail: every value read and every change, durable in the vault's store and
 * copied as a JSON line to the SLF4J logger {@code keygate.audit}.
 *
 * <p>Fails closed: {@link #record} returns only once the entry is committed; if it cannot be
 * written it throws 503 {@code AuditUnavailable}, and callers must not serve the value or report
 * the change as done (the change may be committed; the error says the audit failed). Blocks (JDBC).
 */
public interface AuditLog {

  /** The SLF4J logger name of the JSON lines. */
  String LOGGER = "keygate.audit";

  /** Writes {@code entry} durably, then logs it. */
  void record(AuditEntry entry);

  /** The latest entries, newest first, at most {@code limit} (1 to 1000). */
  List<AuditEntry> recent(int limit);
}
