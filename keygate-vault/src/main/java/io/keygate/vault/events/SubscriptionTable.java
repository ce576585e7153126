package io.keygate.vault.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for {@code event_subscriptions} and {@code event_dead_letters}. */
final class SubscriptionTable {
  record Row(
      String id,
      String url,
      String hmacVault,
      String hmacName,
      String format,
      boolean insecureOk,
      long created,
      long cursor,
      int failures,
      Long nextAttemptAt,
      String lastError) {}

  void insert(Connection c, Row r) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO event_subscriptions (id, url, hmac_vault, hmac_name, event_format,"
                + " insecure_ok, created, cursor_seq, failures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
      s.setString(1, r.id());
      s.setString(2, r.url());
      s.setString(3, r.hmacVault());
      s.setString(4, r.hmacName());
      s.setString(5, r.format());
      s.setInt(6, r.insecureOk() ? 1 : 0);
      s.setLong(7, r.created());
      s.setLong(8, r.cursor());
      s.executeUpdate();
    }
  }

  List<Row> all(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT * FROM event_subscriptions ORDER BY created, id")) {
      return rows(s);
    }
  }

  Optional<Row> find(Connection c, String id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT * FROM event_subscriptions WHERE id = ?")) {
      s.setString(1, id);
      return rows(s).stream().findFirst();
    }
  }

  boolean delete(Connection c, String id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM event_dead_letters WHERE subscription_id = ?")) {
      s.setString(1, id);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("DELETE FROM event_subscriptions WHERE id = ?")) {
      s.setString(1, id);
      return s.executeUpdate() > 0;
    }
  }

  /** Takes the subscription's delivery lease; false when another node holds it. */
  boolean claim(Connection c, String id, String owner, long now, long until) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE event_subscriptions SET lease_owner = ?, lease_until = ? WHERE id = ?"
                + " AND (lease_until IS NULL OR lease_until <= ? OR lease_owner = ?)")) {
      s.setString(1, owner);
      s.setLong(2, until);
      s.setString(3, id);
      s.setLong(4, now);
      s.setString(5, owner);
      return s.executeUpdate() == 1;
    }
  }

  /** Records progress and releases the lease. */
  void progress(
      Connection c, String id, long cursor, int failures, Long nextAttemptAt, String error)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE event_subscriptions SET cursor_seq = ?, failures = ?, next_attempt_at = ?,"
                + " last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?")) {
      s.setLong(1, cursor);
      s.setInt(2, failures);
      if (nextAttemptAt == null) {
        s.setNull(3, Types.BIGINT);
      } else {
        s.setLong(3, nextAttemptAt);
      }
      s.setString(4, error);
      s.setString(5, id);
      s.executeUpdate();
    }
  }

  void deadLetter(Connection c, String id, VaultEvent e, String error, long now)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO event_dead_letters (subscription_id, seq, event_type, vault, name, version,"
                + " error, dead_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, id);
      s.setLong(2, e.sequence());
      s.setString(3, e.type());
      s.setString(4, e.vault());
      s.setString(5, e.name());
      s.setString(6, e.version());
      s.setString(7, error);
      s.setLong(8, now);
      s.executeUpdate();
    }
  }

  List<DeadLetter> deadLetters(Connection c, String id) throws SQLException {
    List<DeadLetter> letters = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT * FROM event_dead_letters WHERE subscription_id = ? ORDER BY seq")) {
      s.setString(1, id);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          letters.add(
              new DeadLetter(
                  rows.getString("subscription_id").trim(),
                  rows.getLong("seq"),
                  rows.getString("event_type"),
                  rows.getString("vault"),
                  rows.getString("name"),
                  rows.getString("version"),
                  rows.getString("error"),
                  Instant.ofEpochSecond(rows.getLong("dead_at"))));
        }
      }
    }
    return letters;
  }

  private static List<Row> rows(PreparedStatement s) throws SQLException {
    List<Row> out = new ArrayList<>();
    try (ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        long next = rows.getLong("next_attempt_at");
        Long nextAttempt = rows.wasNull() ? null : next;
        out.add(
            new Row(
                rows.getString("id").trim(),
                rows.getString("url"),
                rows.getString("hmac_vault"),
                rows.getString("hmac_name"),
                rows.getString("event_format"),
                rows.getInt("insecure_ok") == 1,
                rows.getLong("created"),
                rows.getLong("cursor_seq"),
                rows.getInt("failures"),
                nextAttempt,
                rows.getString("last_error")));
      }
    }
    return out;
  }
}
