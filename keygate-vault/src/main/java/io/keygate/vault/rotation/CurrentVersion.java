package io.keygate.vault.rotation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The current version's metadata of a live secret, read straight from the vault's tables (the
 * scheduler must see expired and disabled current versions too, which {@code getSecret} refuses).
 */
record CurrentVersion(
    String vault,
    String name,
    String version,
    long created,
    Long notBefore,
    Long expires,
    String contentType,
    Map<String, String> tags) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() {};
  private static final String SELECT =
      "SELECT s.vault, s.name, v.version, v.created, v.not_before, v.expires, v.content_type,"
          + " v.tags FROM secrets s JOIN secret_versions v ON v.vault = s.vault"
          + " AND v.name = s.name AND v.version = s.current_version WHERE s.deleted_at IS NULL";

  static List<CurrentVersion> all(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT)) {
      return read(s);
    }
  }

  static Optional<CurrentVersion> one(Connection c, String vault, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(SELECT + " AND s.vault = ? AND lower(s.name) = lower(?)")) {
      s.setString(1, vault);
      s.setString(2, name);
      return read(s).stream().findFirst();
    }
  }

  static Optional<CurrentVersion> version(Connection c, String vault, String name, String version)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            SELECT.replace("AND v.version = s.current_version", "")
                + " AND s.vault = ? AND s.name = ? AND v.version = ?")) {
      s.setString(1, vault);
      s.setString(2, name);
      s.setString(3, version);
      return read(s).stream().findFirst();
    }
  }

  private static List<CurrentVersion> read(PreparedStatement s) throws SQLException {
    List<CurrentVersion> out = new ArrayList<>();
    try (ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        Map<String, String> tags;
        try {
          tags = JSON.readValue(rows.getString("tags"), TAGS);
        } catch (IOException e) {
          tags = Map.of();
        }
        out.add(
            new CurrentVersion(
                rows.getString("vault"),
                rows.getString("name"),
                rows.getString("version").trim(),
                rows.getLong("created"),
                Sql.getLong(rows, "not_before"),
                Sql.getLong(rows, "expires"),
                rows.getString("content_type"),
                tags));
      }
    }
    return out;
  }
}
