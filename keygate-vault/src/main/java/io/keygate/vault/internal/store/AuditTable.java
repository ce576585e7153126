package io.keygate.vault.internal.store;

import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.audit.ChainedEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * SQL for {@code audit_log} and its chain head {@code audit_chain}; principals are stored
 * space-separated (they contain no spaces).
 */
public final class AuditTable {
  private static final String COLUMNS =
      "at, principals, on_behalf_of, via, api, action, vault, name, version, outcome, code,"
          + " request_id";

  /** The chain's head: the last position written and its hash. */
  public record Head(long seq, String hash) {}

  /**
   * Takes the chain's lock and reserves the next position: the head's row is updated first, so a
   * second writer (another thread, another node) waits here until this transaction ends, then sees
   * its result. Returns the position reserved and the hash of the entry before it.
   */
  public Head reserveNext(Connection connection) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE audit_chain SET last_seq = last_seq + 1 WHERE chain_id = 1")) {
      if (update.executeUpdate() != 1) {
        throw new SQLException("the audit chain's head row is missing");
      }
    }
    Head head = head(connection);
    return new Head(head.seq(), head.hash());
  }

  /** Records {@code hash} as the head's hash (after {@link #reserveNext}). */
  public void advance(Connection connection, String hash) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE audit_chain SET last_hash = ? WHERE chain_id = 1")) {
      update.setString(1, hash);
      update.executeUpdate();
    }
  }

  public Head head(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT last_seq, last_hash FROM audit_chain WHERE chain_id = 1");
        ResultSet result = select.executeQuery()) {
      if (!result.next()) {
        throw new SQLException("the audit chain's head row is missing");
      }
      return new Head(result.getLong(1), result.getString(2));
    }
  }

  public void insert(Connection connection, ChainedEntry chained) throws SQLException {
    AuditEntry entry = chained.entry();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO audit_log (entry_id, "
                + COLUMNS
                + ", seq, prev_hash, entry_hash)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      statement.setString(1, chained.entryId());
      statement.setLong(2, entry.time().toEpochMilli());
      statement.setString(3, String.join(" ", entry.principals()));
      statement.setString(4, entry.onBehalfOf());
      statement.setString(5, entry.via());
      statement.setString(6, entry.api());
      statement.setString(7, entry.action());
      statement.setString(8, entry.vault());
      statement.setString(9, entry.name());
      statement.setString(10, entry.version());
      statement.setString(11, entry.outcome());
      statement.setString(12, entry.code());
      statement.setString(13, entry.requestId());
      statement.setLong(14, chained.seq());
      statement.setString(15, chained.previousHash());
      statement.setString(16, chained.hash());
      statement.executeUpdate();
    }
  }

  /**
   * The latest entries, newest first in chain order (read backwards along the seq index), then
   * entries from before the chain by id, as {@link ChainedEntry} with seq 0 and empty hashes.
   */
  public List<ChainedEntry> recent(Connection connection, int limit) throws SQLException {
    List<ChainedEntry> entries = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + ", seq, entry_id, prev_hash, entry_hash FROM audit_log"
                + " WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT ?")) {
      statement.setInt(1, limit);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          entries.add(chained(result));
        }
      }
    }
    if (entries.size() < limit) {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT "
                  + COLUMNS
                  + ", 0, entry_id, '', '' FROM audit_log"
                  + " WHERE seq IS NULL ORDER BY entry_id DESC LIMIT ?")) {
        statement.setInt(1, limit - entries.size());
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            entries.add(chained(result));
          }
        }
      }
    }
    return entries;
  }

  /** The position of the first chained entry recorded at or after {@code since}, if any. */
  public Optional<Long> firstSeqSince(Connection connection, Instant since) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT MIN(seq) FROM audit_log WHERE seq IS NOT NULL AND at >= ?")) {
      statement.setLong(1, since.toEpochMilli());
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        long seq = result.getLong(1);
        return result.wasNull() ? Optional.empty() : Optional.of(seq);
      }
    }
  }

  /** The hash stored for the entry at {@code seq}, if that entry exists. */
  public Optional<String> hashAt(Connection connection, long seq) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT entry_hash FROM audit_log WHERE seq = ?")) {
      statement.setLong(1, seq);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
      }
    }
  }

  public long countUnchained(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT COUNT(*) FROM audit_log WHERE seq IS NULL");
        ResultSet result = statement.executeQuery()) {
      result.next();
      return result.getLong(1);
    }
  }

  /**
   * Streams the chained entries from {@code fromSeq} on, in seq order, until {@code each} says
   * stop.
   */
  public void walk(Connection connection, long fromSeq, EntryVisitor each) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + ", seq, entry_id, prev_hash, entry_hash FROM audit_log"
                + " WHERE seq >= ? ORDER BY seq")) {
      statement.setFetchSize(500);
      statement.setLong(1, fromSeq);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          if (!each.visit(chained(result))) {
            return;
          }
        }
      }
    }
  }

  /** Receives chained entries in order; returns false to stop. */
  @FunctionalInterface
  public interface EntryVisitor {
    boolean visit(ChainedEntry entry);
  }

  private static AuditEntry entry(ResultSet result, int first) throws SQLException {
    String principals = result.getString(first + 1);
    return new AuditEntry(
        Instant.ofEpochMilli(result.getLong(first)),
        principals.isEmpty() ? List.of() : Arrays.asList(principals.split(" ")),
        result.getString(first + 2),
        result.getString(first + 3),
        result.getString(first + 4),
        result.getString(first + 5),
        result.getString(first + 6),
        result.getString(first + 7),
        result.getString(first + 8),
        result.getString(first + 9),
        result.getString(first + 10),
        result.getString(first + 11));
  }

  /** A row selected as COLUMNS, then seq, entry_id, prev_hash, entry_hash. */
  private static ChainedEntry chained(ResultSet result) throws SQLException {
    return new ChainedEntry(
        result.getLong(13),
        result.getString(14),
        entry(result, 1),
        nullToEmpty(result.getString(15)),
        nullToEmpty(result.getString(16)));
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
