package io.keygate.vault.internal.store;

import io.keygate.vault.audit.AuditEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SQL for {@code audit_log}; principals are stored space-separated (they contain no spaces). */
public final class AuditTable {

  public void insert(Connection connection, String entryId, AuditEntry entry) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "INSERT INTO audit_log (entry_id, at, principals, on_behalf_of, via, api, action,"
                + " vault, name, version, outcome, code, request_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      statement.setString(1, entryId);
      statement.setLong(2, entry.time().toEpochMilli());
      statement.setString(3, String.join(" ", entry.principals()));
      statement.setString(4, entry.onBehalfOf());
      statement.setString(5, entry.via());
      statement.setString(6, entry.api());
      statement.setString(7, entry.action());
      statement.setString(8, entry.vault());
      statement.setString(9, entry.name());
      statement.setString(10, entry.version());
      statement.setString(11, entry.outcome());
      statement.setString(12, entry.code());
      statement.setString(13, entry.requestId());
      statement.executeUpdate();
    }
  }

  public List<AuditEntry> recent(Connection connection, int limit) throws SQLException {
    List<AuditEntry> entries = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT at, principals, on_behalf_of, via, api, action, vault, name, version,"
                + " outcome, code, request_id FROM audit_log ORDER BY entry_id DESC LIMIT ?")) {
      statement.setInt(1, limit);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          String principals = result.getString(2);
          entries.add(
              new AuditEntry(
                  Instant.ofEpochMilli(result.getLong(1)),
                  principals.isEmpty() ? List.of() : Arrays.asList(principals.split(" ")),
                  result.getString(3),
                  result.getString(4),
                  result.getString(5),
                  result.getString(6),
                  result.getString(7),
                  result.getString(8),
                  result.getString(9),
                  result.getString(10),
                  result.getString(11),
                  result.getString(12)));
        }
      }
    }
    return entries;
  }
}
