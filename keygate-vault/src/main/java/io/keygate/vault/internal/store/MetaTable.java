package io.keygate.vault.internal.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for {@code vault_meta} (key check, KDF salt) and {@code vaults} (namespaces). */
public final class MetaTable {

  /** Whether the schema exists yet: a new store has no tables. */
  public boolean schemaExists(Connection connection) throws SQLException {
    DatabaseMetaData metadata = connection.getMetaData();
    for (String candidate : new String[] {"vault_meta", "VAULT_META"}) {
      try (ResultSet tables = metadata.getTables(null, null, candidate, null)) {
        if (tables.next()) {
          return true;
        }
      }
    }
    return false;
  }

  public Map<String, String> readAll(Connection connection) throws SQLException {
    Map<String, String> meta = new HashMap<>();
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT meta_key, meta_value FROM vault_meta");
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        meta.put(result.getString(1), result.getString(2));
      }
    }
    return meta;
  }

  public void put(Connection connection, String key, String value) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM vault_meta WHERE meta_key = ?")) {
      delete.setString(1, key);
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO vault_meta (meta_key, meta_value) VALUES (?, ?)")) {
      insert.setString(1, key);
      insert.setString(2, value);
      insert.executeUpdate();
    }
  }

  public void remove(Connection connection, String key) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM vault_meta WHERE meta_key = ?")) {
      delete.setString(1, key);
      delete.executeUpdate();
    }
  }

  /** A vault's creation time in Unix seconds, if it exists. */
  public Optional<Long> findVault(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT created FROM vaults WHERE name = ?")) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? Optional.of(result.getLong(1)) : Optional.empty();
      }
    }
  }

  public void insertVault(Connection connection, String name, long created) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("INSERT INTO vaults (name, created) VALUES (?, ?)")) {
      statement.setString(1, name);
      statement.setLong(2, created);
      statement.executeUpdate();
    }
  }

  /** Vault names with creation times, by name. */
  public List<Map.Entry<String, Long>> listVaults(Connection connection) throws SQLException {
    List<Map.Entry<String, Long>> vaults = new ArrayList<>();
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT name, created FROM vaults ORDER BY name");
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        vaults.add(Map.entry(result.getString(1), result.getLong(2)));
      }
    }
    return vaults;
  }
}
