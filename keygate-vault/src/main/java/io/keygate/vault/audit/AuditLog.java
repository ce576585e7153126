package io.keygate.vault.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The vault's audit trail: every value read and every change, durable in the vault's store and
 * copied as a JSON line to the SLF4J logger {@code keygate.audit}.
 *
 * <p>Fails closed: {@link #record} returns only once the entry is committed; if it cannot be
 * written it throws 503 {@code AuditUnavailable}, and callers must not serve the value or report
 * the change as done (the change may be committed; the error says the audit failed). Blocks (JDBC).
 *
 * <p>Tamper-evident: entries form one hash chain per vault database ({@link AuditChain}), appended
 * under a lock in the store so that concurrent writers, on one node or several nodes sharing one
 * PostgreSQL, never fork it; {@link #verify} walks it.
 */
public interface AuditLog {

  /** The SLF4J logger name of the JSON lines. */
  String LOGGER = "keygate.audit";

  /** Writes {@code entry} durably, then logs it. */
  void record(AuditEntry entry);

  /** The latest entries, newest first (in chain order), at most {@code limit} (1 to 1000). */
  List<AuditEntry> recent(int limit);

  /**
   * {@link #recent} with each entry's position and hashes, what a reader needs to tie an entry to a
   * {@link #verify} result; entries from before the chain have seq 0 and empty hashes.
   */
  List<ChainedEntry> recentChained(int limit);

  /**
   * Walks the chain (from the first entry recorded at or after {@code since}, else from the start)
   * and reports OK or the first broken entry. Reads only; never throws for a broken chain.
   */
  ChainVerification verify(Optional<Instant> since);
}
