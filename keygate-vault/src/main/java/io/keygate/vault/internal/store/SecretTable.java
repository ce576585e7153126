package io.keygate.vault.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for {@code secrets}: one row per secret name, pointing at the current version. */
public final class SecretTable {
  private static final String SECRET_COLUMNS =
      "s.vault, s.name, s.current_version, s.last_seq, s.deleted_at, s.purge_at";

  /**
   * The secret of that name, compared without regard to case; the row carries the name as it was
   * created, which every further statement must use.
   */
  public Optional<SecretRow> find(Connection connection, String vault, String name)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + SECRET_COLUMNS
                + " FROM secrets s"
                + " WHERE s.vault = ? AND lower(s.name) = lower(?)")) {
      statement.setString(1, vault);
      statement.setString(2, name);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? Optional.of(read(result)) : Optional.empty();
      }
    }
  }

  public void insert(Connection connection, SecretRow row) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO secrets (vault, name, current_version, last_seq, deleted_at, purge_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      statement.setString(1, row.vault());
      statement.setString(2, row.name());
      statement.setString(3, row.currentVersion());
      statement.setLong(4, row.lastSeq());
      Columns.setLong(statement, 5, row.deletedAt());
      Columns.setLong(statement, 6, row.purgeAt());
      statement.executeUpdate();
    }
  }

  /**
   * Makes {@code version} current and takes the next sequence number, locking the row (in
   * PostgreSQL) until the transaction ends. Empty if there is no live secret of that name.
   */
  public Optional<Long> advance(Connection connection, String vault, String name, String version)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE secrets SET current_version = ?, last_seq = last_seq + 1"
                + " WHERE vault = ? AND name = ? AND deleted_at IS NULL")) {
      statement.setString(1, version);
      statement.setString(2, vault);
      statement.setString(3, name);
      if (statement.executeUpdate() == 0) {
        return Optional.empty();
      }
    }
    return find(connection, vault, name).map(SecretRow::lastSeq);
  }

  /** Sets or clears the deletion marks; returns whether the row was in the expected state. */
  public boolean setDeleted(
      Connection connection, String vault, String name, Long deletedAt, Long purgeAt)
      throws SQLException {
    String expected = deletedAt == null ? "deleted_at IS NOT NULL" : "deleted_at IS NULL";
    try (PreparedStatement statement =
        connection.prepareStatement(
            "UPDATE secrets SET deleted_at = ?, purge_at = ? WHERE vault = ? AND name = ? AND "
                + expected)) {
      Columns.setLong(statement, 1, deletedAt);
      Columns.setLong(statement, 2, purgeAt);
      statement.setString(3, vault);
      statement.setString(4, name);
      return statement.executeUpdate() == 1;
    }
  }

  public void delete(Connection connection, String vault, String name) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("DELETE FROM secrets WHERE vault = ? AND name = ?")) {
      statement.setString(1, vault);
      statement.setString(2, name);
      statement.executeUpdate();
    }
  }

  /** Live or deleted secrets of a vault after {@code afterName}, by name, with current versions. */
  public List<CurrentVersion> list(
      Connection connection, String vault, boolean deleted, String afterName, int limit)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + SECRET_COLUMNS
                + ", "
                + VersionTable.COLUMNS
                + " FROM secrets s JOIN secret_versions v ON v.vault = s.vault"
                + " AND v.name = s.name AND v.version = s.current_version"
                + " WHERE s.vault = ? AND s.deleted_at IS "
                + (deleted ? "NOT NULL" : "NULL")
                + " AND s.name > ? ORDER BY s.name LIMIT ?")) {
      statement.setString(1, vault);
      statement.setString(2, afterName);
      statement.setInt(3, limit);
      List<CurrentVersion> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(new CurrentVersion(read(result), VersionTable.read(result)));
        }
      }
      return rows;
    }
  }

  /** Deleted secrets whose purge date is at or before {@code nowSeconds}. */
  public List<SecretRow> purgeable(Connection connection, long nowSeconds, int limit)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + SECRET_COLUMNS
                + " FROM secrets s"
                + " WHERE s.purge_at IS NOT NULL AND s.purge_at <= ? ORDER BY s.purge_at LIMIT ?")) {
      statement.setLong(1, nowSeconds);
      statement.setInt(2, limit);
      List<SecretRow> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(read(result));
        }
      }
      return rows;
    }
  }

  private static SecretRow read(ResultSet result) throws SQLException {
    return new SecretRow(
        result.getString(1),
        result.getString(2),
        result.getString(3),
        result.getLong(4),
        Columns.getLong(result, "deleted_at"),
        Columns.getLong(result, "purge_at"));
  }
}
