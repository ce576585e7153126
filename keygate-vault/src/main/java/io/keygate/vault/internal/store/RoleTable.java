package io.keygate.vault.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** SQL for {@code role_assignments}; scopes and roles as their text forms. */
public final class RoleTable {

  /** One stored row. */
  public record Row(String principal, String role, String scope, long created, String createdBy) {}

  public List<Row> all(Connection connection) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT principal, role, scope, created, created_by FROM role_assignments"
                    + " ORDER BY principal, role, scope");
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        rows.add(
            new Row(
                result.getString(1),
                result.getString(2),
                result.getString(3),
                result.getLong(4),
                result.getString(5)));
      }
    }
    return rows;
  }

  public boolean exists(Connection connection, String principal, String role, String scope)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT 1 FROM role_assignments WHERE principal = ? AND role = ? AND scope = ?")) {
      statement.setString(1, principal);
      statement.setString(2, role);
      statement.setString(3, scope);
      try (ResultSet result = statement.executeQuery()) {
        return result.next();
      }
    }
  }

  public void insert(Connection connection, Row row) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO role_assignments (principal, role, scope, created, created_by)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      statement.setString(1, row.principal());
      statement.setString(2, row.role());
      statement.setString(3, row.scope());
      statement.setLong(4, row.created());
      statement.setString(5, row.createdBy());
      statement.executeUpdate();
    }
  }

  public boolean delete(Connection connection, String principal, String role, String scope)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "DELETE FROM role_assignments WHERE principal = ? AND role = ? AND scope = ?")) {
      statement.setString(1, principal);
      statement.setString(2, role);
      statement.setString(3, scope);
      return statement.executeUpdate() > 0;
    }
  }
}
