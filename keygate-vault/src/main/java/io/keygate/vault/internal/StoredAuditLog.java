package io.keygate.vault.internal;

import io.keygate.vault.VaultException.BadParameter;
import io.keygate.vault.VaultException.Unavailable;
import io.keygate.vault.audit.AuditChain;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.audit.AuditJson;
import io.keygate.vault.audit.AuditLog;
import io.keygate.vault.audit.ChainVerification;
import io.keygate.vault.audit.ChainWalk;
import io.keygate.vault.audit.ChainedEntry;
import io.keygate.vault.internal.store.AuditTable;
import io.keygate.vault.internal.store.SqlWork;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail in the vault's own store: each entry is committed in its own transaction before
 * the caller may go on (fail closed), then logged as a JSON line. Each entry is appended to the
 * hash chain in the same transaction, under the chain head's row lock (see {@link
 * AuditTable#reserveNext}).
 */
final class StoredAuditLog implements AuditLog {
  private static final Logger audit = LoggerFactory.getLogger(AuditLog.LOGGER);
  private static final Logger log = LoggerFactory.getLogger(StoredAuditLog.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final VaultContext context;
  private final AuditTable table = new AuditTable();

  StoredAuditLog(VaultContext context) {
    this.context = context;
  }

  @Override
  public void record(AuditEntry entry) {
    // Time first so ids sort by time; then a counter, so entries of one node within one
    // millisecond keep their order; then random bits, so two nodes never collide.
    String id =
        String.format("%013x%012x", entry.time().toEpochMilli(), SEQUENCE.incrementAndGet())
            + suffix();
    ChainedEntry chained;
    try {
      chained =
          context.database.write(
              connection -> {
                AuditTable.Head next = table.reserveNext(connection);
                ChainedEntry appended =
                    new ChainedEntry(
                        next.seq(),
                        id,
                        entry,
                        next.hash(),
                        AuditChain.hash(next.seq(), id, entry, next.hash()));
                table.insert(connection, appended);
                table.advance(connection, appended.hash());
                return appended;
              });
    } catch (SQLException | RuntimeException e) {
      log.error(
          "Audit entry could not be written ({} {} {}/{}); the request is refused",
          entry.action(),
          entry.outcome(),
          entry.vault(),
          entry.name(),
          e);
      throw new Unavailable(
          Unavailable.AUDIT_UNAVAILABLE,
          "the audit entry could not be written, so the request was refused");
    }
    audit.info(AuditJson.line(chained));
  }

  @Override
  public List<AuditEntry> recent(int limit) {
    if (limit < 1 || limit > 1000) {
      throw new BadParameter("limit must be between 1 and 1000, was " + limit);
    }
    return recentChained(limit).stream().map(ChainedEntry::entry).toList();
  }

  @Override
  public List<ChainedEntry> recentChained(int limit) {
    if (limit < 1 || limit > 1000) {
      throw new BadParameter("limit must be between 1 and 1000, was " + limit);
    }
    return context.read(connection -> table.recent(connection, limit));
  }

  @Override
  public ChainVerification verify(Optional<Instant> since) {
    return walkInOneReadTransaction(
        connection -> {
          // The head first: entries appended while we walk lie beyond it and are not checked.
          AuditTable.Head head = table.head(connection);
          long unchained = table.countUnchained(connection);
          long first = 1;
          String previous = AuditChain.GENESIS;
          if (since.isPresent()) {
            Optional<Long> from = table.firstSeqSince(connection, since.get());
            if (from.isEmpty() || from.get() > head.seq()) {
              return new ChainWalk(head.seq() + 1, head.hash(), since)
                  .finish(head.seq(), head.hash(), unchained);
            }
            first = from.get();
            if (first > 1) {
              Optional<String> before = table.hashAt(connection, first - 1);
              if (before.isPresent()) {
                previous = before.get();
              } else {
                first = first - 1;
                previous = "";
              }
            }
          }
          ChainWalk walk = new ChainWalk(first, previous, since);
          long last = head.seq();
          table.walk(connection, first, e -> e.seq() <= last && walk.accept(e));
          return walk.finish(head.seq(), head.hash(), unchained);
        });
  }

  /**
   * Runs the walk with auto-commit off, so that PostgreSQL's driver streams the rows in batches
   * (its fetch size applies only inside a transaction) instead of holding the whole chain in
   * memory; the transaction only reads and is rolled back.
   */
  private <T> T walkInOneReadTransaction(SqlWork<T> work) {
    try (Connection connection = context.database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try {
        return work.apply(connection);
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      log.error("The audit chain could not be read for verification", e);
      throw new Unavailable(
          Unavailable.AUDIT_UNAVAILABLE, "the audit trail could not be read to verify it");
    }
  }

  private static String suffix() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
