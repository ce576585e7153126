package io.keygate.vault.apps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for {@code app_registrations} and {@code app_credentials}. */
final class AppTable {
  private static final String APP_COLUMNS = "client_id, display_name, created, created_by";
  private static final String CREDENTIAL_COLUMNS =
      "client_id, credential_id, kind, hint, material, created, expires";

  Optional<AppRegistration> find(Connection c, String clientId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT " + APP_COLUMNS + " FROM app_registrations WHERE client_id = ?")) {
      s.setString(1, clientId);
      try (ResultSet rows = s.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(app(rows, credentials(c, clientId)));
      }
    }
  }

  boolean exists(Connection c, String clientId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 FROM app_registrations WHERE client_id = ?")) {
      s.setString(1, clientId);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next();
      }
    }
  }

  List<AppRegistration> all(Connection c) throws SQLException {
    Map<String, List<AppCredential>> credentials = new LinkedHashMap<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT " + CREDENTIAL_COLUMNS + " FROM app_credentials ORDER BY created, hint");
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        credentials
            .computeIfAbsent(rows.getString("client_id"), id -> new ArrayList<>())
            .add(credential(rows));
      }
    }
    List<AppRegistration> apps = new ArrayList<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT " + APP_COLUMNS + " FROM app_registrations ORDER BY client_id");
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        apps.add(app(rows, credentials.getOrDefault(rows.getString("client_id"), List.of())));
      }
    }
    return apps;
  }

  void insert(Connection c, String clientId, String displayName, long created, String createdBy)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO app_registrations (" + APP_COLUMNS + ") VALUES (?, ?, ?, ?)")) {
      s.setString(1, clientId);
      s.setString(2, displayName);
      s.setLong(3, created);
      s.setString(4, createdBy);
      s.executeUpdate();
    }
  }

  boolean delete(Connection c, String clientId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM app_credentials WHERE client_id = ?")) {
      s.setString(1, clientId);
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM app_registrations WHERE client_id = ?")) {
      s.setString(1, clientId);
      return s.executeUpdate() > 0;
    }
  }

  void insertCredential(Connection c, String clientId, AppCredential credential)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO app_credentials ("
                + CREDENTIAL_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, clientId);
      s.setString(2, credential.id());
      s.setString(3, credential.kind().id());
      s.setString(4, credential.hint());
      s.setString(5, credential.material());
      s.setLong(6, credential.created().getEpochSecond());
      if (credential.expires().isPresent()) {
        s.setLong(7, credential.expires().get().getEpochSecond());
      } else {
        s.setNull(7, Types.BIGINT);
      }
      s.executeUpdate();
    }
  }

  boolean deleteCredential(Connection c, String clientId, String credentialId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM app_credentials WHERE client_id = ? AND credential_id = ?")) {
      s.setString(1, clientId);
      s.setString(2, credentialId);
      return s.executeUpdate() > 0;
    }
  }

  private List<AppCredential> credentials(Connection c, String clientId) throws SQLException {
    List<AppCredential> result = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + CREDENTIAL_COLUMNS
                + " FROM app_credentials WHERE client_id = ? ORDER BY created, hint")) {
      s.setString(1, clientId);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          result.add(credential(rows));
        }
      }
    }
    return result;
  }

  private static AppRegistration app(ResultSet rows, List<AppCredential> credentials)
      throws SQLException {
    return new AppRegistration(
        rows.getString("client_id").trim(),
        rows.getString("display_name"),
        Instant.ofEpochSecond(rows.getLong("created")),
        rows.getString("created_by"),
        credentials);
  }

  private static AppCredential credential(ResultSet rows) throws SQLException {
    long expires = rows.getLong("expires");
    Optional<Instant> expiry =
        rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(expires));
    return new AppCredential(
        rows.getString("credential_id").trim(),
        AppCredential.Kind.parse(rows.getString("kind").trim()),
        rows.getString("hint"),
        rows.getString("material"),
        Instant.ofEpochSecond(rows.getLong("created")),
        expiry);
  }
}
