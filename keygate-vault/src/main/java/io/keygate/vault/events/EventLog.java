package io.keygate.vault.events;

import io.keygate.vault.VaultException;
import io.keygate.vault.internal.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's bounded event log, in the store so that every node of a cluster sees the same
 * sequence: the event stream replays it from a client's {@code Last-Event-ID}. Appends are
 * idempotent per {@code onceKey} (a version's near-expiry event is written once, however many nodes
 * notice it). The oldest entries beyond {@link #capacity()} are dropped.
 */
public final class EventLog {
  private static final Logger log = LoggerFactory.getLogger(EventLog.class);
  private static final int ATTEMPTS = 5;
  private final Database database;
  private final int capacity;
  private final List<Consumer<VaultEvent>> listeners = new CopyOnWriteArrayList<>();

  public EventLog(Database database, int capacity) {
    this.database = database;
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }

  /** Called after each append made by this process (e.g. to wake the event stream). */
  public AutoCloseable subscribe(Consumer<VaultEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Appends an event unless one with {@code onceKey} exists; returns the new entry, or empty when
   * it was there already.
   */
  public Optional<VaultEvent> append(
      String onceKey,
      String type,
      String vault,
      String name,
      String version,
      Instant time,
      Optional<Instant> notBefore,
      Optional<Instant> expires) {
    for (int attempt = 1; ; attempt++) {
      try {
        Optional<VaultEvent> added =
            database.write(
                c -> {
                  if (exists(c, onceKey)) {
                    return Optional.<VaultEvent>empty();
                  }
                  long seq = nextSequence(c);
                  VaultEvent event =
                      new VaultEvent(
                          seq,
                          UUID.randomUUID().toString(),
                          type,
                          vault,
                          name,
                          version,
                          time,
                          notBefore,
                          expires);
                  insert(c, onceKey, event);
                  trim(c, seq);
                  return Optional.of(event);
                });
        added.ifPresent(this::notifyListeners);
        return added;
      } catch (SQLException e) {
        // Two nodes took the same sequence number (or the same once-key), or another pool on the
        // same SQLite file committed first: run it again.
        String message = String.valueOf(e.getMessage());
        boolean race =
            String.valueOf(e.getSQLState()).startsWith("23")
                || message.contains("SQLITE_CONSTRAINT")
                || message.contains("SQLITE_BUSY");
        if (attempt < ATTEMPTS && race) {
          continue;
        }
        log.error("Event log append failed (SQLState {})", e.getSQLState(), e);
        throw new VaultException.Unavailable("the vault's event log is unavailable");
      }
    }
  }

  /** Entries after {@code sequence}, oldest first, at most {@code limit}. */
  public List<VaultEvent> after(long sequence, int limit) {
    try {
      return database.read(
          c -> {
            try (PreparedStatement s =
                c.prepareStatement(
                    "SELECT seq, id, event_type, vault, name, version, event_time, nbf, exp"
                        + " FROM vault_events WHERE seq > ? ORDER BY seq LIMIT ?")) {
              s.setLong(1, sequence);
              s.setInt(2, limit);
              List<VaultEvent> events = new ArrayList<>();
              try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                  events.add(
                      new VaultEvent(
                          rows.getLong(1),
                          rows.getString(2),
                          rows.getString(3),
                          rows.getString(4),
                          rows.getString(5),
                          rows.getString(6).trim(),
                          Instant.ofEpochSecond(rows.getLong(7)),
                          time(rows, 8),
                          time(rows, 9)));
                }
              }
              return events;
            }
          });
    } catch (SQLException e) {
      throw new VaultException.Unavailable("the vault's event log is unavailable");
    }
  }

  /** The newest sequence, or 0 when the log is empty. */
  public long latestSequence() {
    try {
      return database.read(c -> single(c, "SELECT COALESCE(MAX(seq), 0) FROM vault_events"));
    } catch (SQLException e) {
      throw new VaultException.Unavailable("the vault's event log is unavailable");
    }
  }

  /** The oldest sequence still held, or 0 when the log is empty. */
  public long oldestSequence() {
    try {
      return database.read(c -> single(c, "SELECT COALESCE(MIN(seq), 0) FROM vault_events"));
    } catch (SQLException e) {
      throw new VaultException.Unavailable("the vault's event log is unavailable");
    }
  }

  private void notifyListeners(VaultEvent event) {
    for (Consumer<VaultEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.warn(
            "Event log listener failed on {} {}/{}", event.type(), event.vault(), event.name(), e);
      }
    }
  }

  private static boolean exists(Connection c, String onceKey) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM vault_events WHERE once_key = ?")) {
      s.setString(1, onceKey);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static long nextSequence(Connection c) throws SQLException {
    return single(c, "SELECT COALESCE(MAX(seq), 0) + 1 FROM vault_events");
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql);
        ResultSet rows = s.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void insert(Connection c, String onceKey, VaultEvent e) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO vault_events (seq, id, once_key, event_type, vault, name, version,"
                + " event_time, nbf, exp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setLong(1, e.sequence());
      s.setString(2, e.id());
      s.setString(3, onceKey);
      s.setString(4, e.type());
      s.setString(5, e.vault());
      s.setString(6, e.name());
      s.setString(7, e.version());
      s.setLong(8, e.time().getEpochSecond());
      seconds(s, 9, e.notBefore());
      seconds(s, 10, e.expires());
      s.executeUpdate();
    }
  }

  private void trim(Connection c, long newest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM vault_events WHERE seq <= ?")) {
      s.setLong(1, newest - capacity);
      s.executeUpdate();
    }
  }

  private static void seconds(PreparedStatement s, int index, Optional<Instant> time)
      throws SQLException {
    if (time.isPresent()) {
      s.setLong(index, time.get().getEpochSecond());
    } else {
      s.setNull(index, Types.BIGINT);
    }
  }

  private static Optional<Instant> time(ResultSet rows, int column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(value));
  }
}
