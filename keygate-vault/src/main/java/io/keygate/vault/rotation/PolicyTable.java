package io.keygate.vault.rotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** SQL for {@code rotation_policies}; the vault's default policy has the empty name. */
final class PolicyTable {
  static final String DEFAULT = "";

  Optional<String> find(Connection c, String vault, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT policy FROM rotation_policies WHERE vault = ? AND name = ?")) {
      s.setString(1, vault);
      s.setString(2, name);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  /** Every policy, keyed by {@code vault + "/" + name}. */
  Map<String, String> all(Connection c) throws SQLException {
    Map<String, String> policies = new HashMap<>();
    try (PreparedStatement s =
            c.prepareStatement("SELECT vault, name, policy FROM rotation_policies");
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        policies.put(rows.getString(1) + "/" + rows.getString(2), rows.getString(3));
      }
    }
    return policies;
  }

  void put(Connection c, String vault, String name, String json, long now) throws SQLException {
    delete(c, vault, name);
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO rotation_policies (vault, name, policy, updated) VALUES (?, ?, ?, ?)")) {
      s.setString(1, vault);
      s.setString(2, name);
      s.setString(3, json);
      s.setLong(4, now);
      s.executeUpdate();
    }
  }

  boolean delete(Connection c, String vault, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM rotation_policies WHERE vault = ? AND name = ?")) {
      s.setString(1, vault);
      s.setString(2, name);
      return s.executeUpdate() > 0;
    }
  }
}
