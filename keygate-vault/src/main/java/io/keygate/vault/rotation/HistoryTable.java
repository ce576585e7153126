package io.keygate.vault.rotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for {@code rotation_history}: one row per finished rotation, succeeded or failed. */
final class HistoryTable {
  void insert(Connection c, RotationRecord r) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO rotation_history (id, vault, name, started, finished, outcome,"
                + " trigger_reason, credential, previous_version, new_version, error, disable_at,"
                + " disabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
      s.setString(1, r.id());
      s.setString(2, r.vault());
      s.setString(3, r.name());
      s.setLong(4, r.started().getEpochSecond());
      s.setLong(5, r.finished().getEpochSecond());
      s.setString(6, r.outcome());
      s.setString(7, r.trigger());
      s.setString(8, r.credential().orElse(null));
      s.setString(9, r.previousVersion().orElse(null));
      s.setString(10, r.newVersion().orElse(null));
      s.setString(11, r.error().orElse(null));
      Sql.setLong(s, 12, r.disableAt().map(Instant::getEpochSecond).orElse(null));
      s.executeUpdate();
    }
  }

  boolean exists(Connection c, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM rotation_history WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** The secret's rotations, newest first. */
  List<RotationRecord> list(Connection c, String vault, String name, int limit)
      throws SQLException {
    return query(
        c,
        "SELECT * FROM rotation_history WHERE vault = ? AND name = ? ORDER BY started DESC,"
            + " finished DESC LIMIT ?",
        vault,
        name,
        limit);
  }

  /** Succeeded rotations whose previous version is due to be disabled at {@code now}. */
  List<RotationRecord> overlapsEnded(Connection c, long now) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT * FROM rotation_history WHERE disabled = 0 AND outcome = 'Succeeded'"
                + " AND previous_version IS NOT NULL AND disable_at <= ?")) {
      s.setLong(1, now);
      return rows(s);
    }
  }

  void markDisabled(Connection c, String id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE rotation_history SET disabled = 1 WHERE id = ?")) {
      s.setString(1, id);
      s.executeUpdate();
    }
  }

  private static List<RotationRecord> query(
      Connection c, String sql, String vault, String name, int limit) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, vault);
      s.setString(2, name);
      s.setInt(3, limit);
      return rows(s);
    }
  }

  private static List<RotationRecord> rows(PreparedStatement s) throws SQLException {
    List<RotationRecord> records = new ArrayList<>();
    try (ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        Long disableAt = Sql.getLong(rows, "disable_at");
        records.add(
            new RotationRecord(
                rows.getString("id").trim(),
                rows.getString("vault"),
                rows.getString("name"),
                Instant.ofEpochSecond(rows.getLong("started")),
                Instant.ofEpochSecond(rows.getLong("finished")),
                rows.getString("outcome"),
                rows.getString("trigger_reason"),
                Optional.ofNullable(rows.getString("credential")),
                Optional.ofNullable(Sql.trimmed(rows, "previous_version")),
                Optional.ofNullable(Sql.trimmed(rows, "new_version")),
                Optional.ofNullable(rows.getString("error")),
                Optional.ofNullable(disableAt).map(Instant::ofEpochSecond)));
      }
    }
    return records;
  }
}
