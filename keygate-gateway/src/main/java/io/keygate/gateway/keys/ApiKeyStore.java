package io.keygate.gateway.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * API keys in the gateway database (SQLite or PostgreSQL, same SQL). Blocking JDBC: never call it
 * on an event loop.
 */
final class ApiKeyStore {
  private static final HexFormat HEX = HexFormat.of();
  private final DataSource dataSource;

  ApiKeyStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  void insert(StoredKey key) {
    ApiKeyInfo info = key.info();
    String sql =
        "INSERT INTO gateway_api_key (id, alias, policy, key_hash, created_ms, expires_ms,"
            + " last_used_ms, revoked_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, info.id());
      s.setString(2, info.alias());
      s.setString(3, info.policy());
      s.setString(4, HEX.formatHex(key.hash()));
      s.setLong(5, info.created().toEpochMilli());
      setInstant(s, 6, info.expires());
      setInstant(s, 7, info.lastUsed());
      setInstant(s, 8, info.revoked());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new KeyStoreException("cannot store API key " + info.id(), e);
    }
  }

  List<StoredKey> loadAll() {
    String sql =
        "SELECT id, alias, policy, key_hash, created_ms, expires_ms, last_used_ms, revoked_ms"
            + " FROM gateway_api_key ORDER BY created_ms, id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      List<StoredKey> keys = new ArrayList<>();
      while (rs.next()) {
        ApiKeyInfo info =
            new ApiKeyInfo(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(5)),
                instant(rs, 6),
                instant(rs, 7),
                instant(rs, 8));
        keys.add(new StoredKey(info, HEX.parseHex(rs.getString(4))));
      }
      return keys;
    } catch (SQLException e) {
      throw new KeyStoreException("cannot load API keys", e);
    }
  }

  /** Marks a key revoked; false when there is no such key. Revoking twice keeps the first time. */
  boolean revoke(String id, Instant when) {
    String sql = "UPDATE gateway_api_key SET revoked_ms = COALESCE(revoked_ms, ?) WHERE id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, when.toEpochMilli());
      s.setString(2, id);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new KeyStoreException("cannot revoke API key " + id, e);
    }
  }

  /** Deletes a key that was never handed out (its creation could not be audited). */
  void delete(String id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("DELETE FROM gateway_api_key WHERE id = ?")) {
      s.setString(1, id);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new KeyStoreException("cannot delete API key " + id, e);
    }
  }

  /** Writes last-used times in one batch; a time never moves backwards. */
  void recordLastUsed(Map<String, Instant> lastUsed) {
    if (lastUsed.isEmpty()) {
      return;
    }
    String sql =
        "UPDATE gateway_api_key SET last_used_ms = ? WHERE id = ?"
            + " AND (last_used_ms IS NULL OR last_used_ms < ?)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (Map.Entry<String, Instant> e : lastUsed.entrySet()) {
        long ms = e.getValue().toEpochMilli();
        s.setLong(1, ms);
        s.setString(2, e.getKey());
        s.setLong(3, ms);
        s.addBatch();
      }
      s.executeBatch();
    } catch (SQLException e) {
      throw new KeyStoreException("cannot record API key use", e);
    }
  }

  private static void setInstant(PreparedStatement s, int index, Instant value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, value.toEpochMilli());
    }
  }

  private static Instant instant(ResultSet rs, int index) throws SQLException {
    long ms = rs.getLong(index);
    return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
  }
}
