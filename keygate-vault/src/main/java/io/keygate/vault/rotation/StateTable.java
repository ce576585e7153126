package io.keygate.vault.rotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL for {@code rotation_state}. A claim takes the row with {@code SELECT ... FOR UPDATE SKIP
 * LOCKED} on PostgreSQL (a node that finds it locked moves on) and sets a lease; on SQLite the
 * single writer serializes claims. A lease held by another node is respected until it runs out, so
 * a node that died mid-rotation is taken over after its lease.
 */
final class StateTable {
  private static final String COLUMNS =
      "vault, name, lease_owner, lease_until, phase, intent_id, trigger_reason, credential,"
          + " previous_version, new_version, started, attempts, next_attempt_at";

  /**
   * Claims the row for {@code owner} until {@code leaseUntil}; empty when another node holds it.
   */
  Optional<RotationState> claim(
      Connection c,
      boolean postgres,
      String vault,
      String name,
      String owner,
      long now,
      long leaseUntil)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO rotation_state (vault, name, phase, attempts) VALUES (?, ?, 'IDLE', 0)"
                + " ON CONFLICT DO NOTHING")) {
      s.setString(1, vault);
      s.setString(2, name);
      s.executeUpdate();
    }
    Optional<RotationState> row;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM rotation_state WHERE vault = ? AND name = ?"
                + (postgres ? " FOR UPDATE SKIP LOCKED" : ""))) {
      s.setString(1, vault);
      s.setString(2, name);
      try (ResultSet rows = s.executeQuery()) {
        row = rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
    if (row.isEmpty()) {
      return row;
    }
    RotationState state = row.get();
    boolean heldByOther =
        state.leaseOwner() != null
            && !state.leaseOwner().equals(owner)
            && state.leaseUntil() != null
            && state.leaseUntil() > now;
    if (heldByOther) {
      return Optional.empty();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE rotation_state SET lease_owner = ?, lease_until = ? WHERE vault = ? AND name = ?")) {
      s.setString(1, owner);
      s.setLong(2, leaseUntil);
      s.setString(3, vault);
      s.setString(4, name);
      s.executeUpdate();
    }
    return Optional.of(state);
  }

  Optional<RotationState> find(Connection c, String vault, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT " + COLUMNS + " FROM rotation_state WHERE vault = ? AND name = ?")) {
      s.setString(1, vault);
      s.setString(2, name);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  /** Rows whose rotation is unfinished or waiting for a retry. */
  List<RotationState> pending(Connection c) throws SQLException {
    List<RotationState> states = new ArrayList<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM rotation_state WHERE phase <> 'IDLE' OR attempts > 0");
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        states.add(read(rows));
      }
    }
    return states;
  }

  /** Writes the intent: phase {@code APPLYING} before the generator touches the target. */
  void intend(Connection c, RotationState s, String owner) throws SQLException {
    update(
        c,
        "phase = 'APPLYING', intent_id = ?, trigger_reason = ?, credential = ?,"
            + " previous_version = ?, new_version = NULL, started = ?",
        s.vault(),
        s.name(),
        owner,
        s.intentId(),
        s.trigger(),
        s.credential(),
        s.previousVersion(),
        s.started());
  }

  void stored(Connection c, String vault, String name, String owner, String newVersion)
      throws SQLException {
    update(c, "phase = 'STORED', new_version = ?", vault, name, owner, newVersion);
  }

  /** Back to idle, lease released; {@code attempts} and the retry time as given. */
  void finish(
      Connection c, String vault, String name, String owner, int attempts, Long nextAttemptAt)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE rotation_state SET phase = 'IDLE', intent_id = NULL, new_version = NULL,"
                + " lease_owner = NULL, lease_until = NULL, attempts = ?, next_attempt_at = ?"
                + " WHERE vault = ? AND name = ? AND lease_owner = ?")) {
      s.setInt(1, attempts);
      Sql.setLong(s, 2, nextAttemptAt);
      s.setString(3, vault);
      s.setString(4, name);
      s.setString(5, owner);
      s.executeUpdate();
    }
  }

  void release(Connection c, String vault, String name, String owner) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE rotation_state SET lease_owner = NULL, lease_until = NULL"
                + " WHERE vault = ? AND name = ? AND lease_owner = ?")) {
      s.setString(1, vault);
      s.setString(2, name);
      s.setString(3, owner);
      s.executeUpdate();
    }
  }

  private static void update(
      Connection c, String set, String vault, String name, String owner, Object... values)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE rotation_state SET "
                + set
                + " WHERE vault = ? AND name = ? AND lease_owner = ?")) {
      int i = 1;
      for (Object value : values) {
        if (value instanceof Long number) {
          s.setLong(i++, number);
        } else {
          s.setString(i++, (String) value);
        }
      }
      s.setString(i++, vault);
      s.setString(i++, name);
      s.setString(i, owner);
      if (s.executeUpdate() != 1) {
        throw new SQLException("rotation claim on " + vault + "/" + name + " was lost", "KG001");
      }
    }
  }

  private static RotationState read(ResultSet rows) throws SQLException {
    return new RotationState(
        rows.getString("vault"),
        rows.getString("name"),
        rows.getString("lease_owner"),
        Sql.getLong(rows, "lease_until"),
        rows.getString("phase").trim(),
        Sql.trimmed(rows, "intent_id"),
        rows.getString("trigger_reason"),
        rows.getString("credential"),
        Sql.trimmed(rows, "previous_version"),
        Sql.trimmed(rows, "new_version"),
        Sql.getLong(rows, "started"),
        rows.getInt("attempts"),
        Sql.getLong(rows, "next_attempt_at"));
  }
}
