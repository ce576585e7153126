package io.keygate.vault.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** Encodings shared by the tables: nullable longs, tags as JSON, bytes as base64 text. */
final class Columns {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() {};

  private Columns() {}

  static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  static Long getLong(ResultSet rows, String column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : value;
  }

  static String tags(Map<String, String> tags) throws SQLException {
    try {
      return JSON.writeValueAsString(new TreeMap<>(tags));
    } catch (JsonProcessingException e) {
      throw new SQLException("tags cannot be encoded", e);
    }
  }

  static Map<String, String> tags(String json) throws SQLException {
    try {
      return JSON.readValue(json, TAGS);
    } catch (JsonProcessingException e) {
      throw new SQLException("stored tags are not valid JSON", e);
    }
  }

  static String bytes(byte[] value) {
    return Base64.getEncoder().encodeToString(value);
  }

  static byte[] bytes(String value) {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      // A damaged column must surface as an unreadable secret, not as a store failure. One byte
      // (never valid sealed data), not zero: an empty ciphertext marks a destroyed version.
      return new byte[1];
    }
  }
}
