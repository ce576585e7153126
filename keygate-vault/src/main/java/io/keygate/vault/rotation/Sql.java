package io.keygate.vault.rotation;

import io.keygate.vault.VaultException;
import io.keygate.vault.internal.store.Database;
import io.keygate.vault.internal.store.SqlWork;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rotation tables' access to the store: store failures become 503s, races are retried. */
final class Sql {
  private static final Logger log = LoggerFactory.getLogger(Sql.class);
  private final Database database;

  Sql(Database database) {
    this.database = database;
  }

  Database database() {
    return database;
  }

  boolean postgres() {
    return database.dialect() == Database.Dialect.POSTGRESQL;
  }

  <T> T read(SqlWork<T> work) {
    try {
      return database.read(work);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  <T> T write(SqlWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return database.write(work);
      } catch (SQLException e) {
        String state = String.valueOf(e.getSQLState());
        // SQLITE_BUSY: the vault and rotation use separate pools on one SQLite file, and a
        // deferred transaction that read before another pool's commit cannot upgrade to write.
        boolean race =
            state.startsWith("23")
                || state.equals("40001")
                || state.equals("40P01")
                || String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
        if (race && attempt < 3) {
          continue;
        }
        throw failure(e);
      }
    }
  }

  private static VaultException failure(SQLException e) {
    log.error("Rotation store operation failed (SQLState {})", e.getSQLState(), e);
    return new VaultException.Unavailable("the vault's store is unavailable: " + e.getMessage());
  }

  static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, value);
    }
  }

  static Long getLong(ResultSet rows, String column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : value;
  }

  static String trimmed(ResultSet rows, String column) throws SQLException {
    String value = rows.getString(column);
    return value == null ? null : value.trim();
  }
}
