package io.keygate.vault.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for {@code secret_versions}: one row per secret version, value sealed. */
public final class VersionTable {
  static final String COLUMNS =
      "v.vault, v.name, v.version, v.seq, v.enabled, v.not_before, v.expires, v.created,"
          + " v.updated, v.content_type, v.tags, v.wrapped_key, v.ciphertext";

  public void insert(Connection connection, VersionRow row) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO secret_versions (vault, name, version, seq, enabled, not_before, expires,"
                + " created, updated, content_type, tags, wrapped_key, ciphertext)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      statement.setString(1, row.vault());
      statement.setString(2, row.name());
      statement.setString(3, row.version());
      statement.setLong(4, row.seq());
      statement.setInt(5, row.enabled() ? 1 : 0);
      Columns.setLong(statement, 6, row.notBefore());
      Columns.setLong(statement, 7, row.expires());
      statement.setLong(8, row.created());
      statement.setLong(9, row.updated());
      statement.setString(10, row.contentType());
      statement.setString(11, Columns.tags(row.tags()));
      statement.setString(12, Columns.bytes(row.wrappedKey()));
      statement.setString(13, Columns.bytes(row.ciphertext()));
      statement.executeUpdate();
    }
  }

  public Optional<VersionRow> find(Connection connection, String vault, String name, String version)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM secret_versions v"
                + " WHERE v.vault = ? AND v.name = ? AND v.version = ?")) {
      statement.setString(1, vault);
      statement.setString(2, name);
      statement.setString(3, version);
      List<VersionRow> rows = readAll(statement);
      return rows.stream().findFirst();
    }
  }

  /** Versions of one secret with {@code seq > afterSeq}, oldest first. */
  public List<VersionRow> list(
      Connection connection, String vault, String name, long afterSeq, int limit)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM secret_versions v"
                + " WHERE v.vault = ? AND v.name = ? AND v.seq > ? ORDER BY v.seq LIMIT ?")) {
      statement.setString(1, vault);
      statement.setString(2, name);
      statement.setLong(3, afterSeq);
      statement.setInt(4, limit);
      return readAll(statement);
    }
  }

  /** Writes a version's attributes and its data key, rewrapped for them. */
  public void updateAttributes(Connection connection, VersionRow row) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE secret_versions SET enabled = ?, not_before = ?, expires = ?,"
                + " content_type = ?, tags = ?, updated = ?, wrapped_key = ?"
                + " WHERE vault = ? AND name = ? AND version = ?")) {
      statement.setInt(1, row.enabled() ? 1 : 0);
      Columns.setLong(statement, 2, row.notBefore());
      Columns.setLong(statement, 3, row.expires());
      statement.setString(4, row.contentType());
      statement.setString(5, Columns.tags(row.tags()));
      statement.setLong(6, row.updated());
      statement.setString(7, Columns.bytes(row.wrappedKey()));
      statement.setString(8, row.vault());
      statement.setString(9, row.name());
      statement.setString(10, row.version());
      statement.executeUpdate();
    }
  }

  /** Clears one version's sealed value (an empty ciphertext marks a destroyed version). */
  public void clearCiphertext(Connection connection, String vault, String name, String version)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE secret_versions SET ciphertext = '' WHERE vault = ? AND name = ? AND version = ?")) {
      statement.setString(1, vault);
      statement.setString(2, name);
      statement.setString(3, version);
      statement.executeUpdate();
    }
  }

  public void deleteAll(Connection connection, String vault, String name) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("DELETE FROM secret_versions WHERE vault = ? AND name = ?")) {
      statement.setString(1, vault);
      statement.setString(2, name);
      statement.executeUpdate();
    }
  }

  /** A page of every version in the store, in key order after the given key, for rewrapping. */
  public List<VersionRow> scan(
      Connection connection, String vault, String name, String version, int limit)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM secret_versions v"
                + " WHERE v.vault > ? OR (v.vault = ? AND (v.name > ? OR (v.name = ? AND"
                + " v.version > ?))) ORDER BY v.vault, v.name, v.version LIMIT ?")) {
      statement.setString(1, vault);
      statement.setString(2, vault);
      statement.setString(3, name);
      statement.setString(4, name);
      statement.setString(5, version);
      statement.setInt(6, limit);
      return readAll(statement);
    }
  }

  /** Replaces a wrapped data key if it is still the one that was read; false if it changed. */
  public boolean replaceWrappedKey(Connection connection, VersionRow row, byte[] newWrappedKey)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE secret_versions SET wrapped_key = ?"
                + " WHERE vault = ? AND name = ? AND version = ? AND wrapped_key = ?")) {
      statement.setString(1, Columns.bytes(newWrappedKey));
      statement.setString(2, row.vault());
      statement.setString(3, row.name());
      statement.setString(4, row.version());
      statement.setString(5, Columns.bytes(row.wrappedKey()));
      return statement.executeUpdate() == 1;
    }
  }

  static List<VersionRow> readAll(PreparedStatement statement) throws SQLException {
    List<VersionRow> rows = new ArrayList<>();
    try (ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        rows.add(read(result));
      }
    }
    return rows;
  }

  static VersionRow read(ResultSet result) throws SQLException {
    return new VersionRow(
        result.getString("vault"),
        result.getString("name"),
        result.getString("version"),
        result.getLong("seq"),
        result.getInt("enabled") != 0,
        Columns.getLong(result, "not_before"),
        Columns.getLong(result, "expires"),
        result.getLong("created"),
        result.getLong("updated"),
        result.getString("content_type"),
        Columns.tags(result.getString("tags")),
        Columns.bytes(result.getString("wrapped_key")),
        Columns.bytes(result.getString("ciphertext")));
  }
}
