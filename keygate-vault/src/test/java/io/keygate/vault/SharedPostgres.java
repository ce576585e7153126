package io.keygate.vault;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL for the whole test JVM (started on first use, stopped at exit); every
 * caller gets a fresh database with byte-order ("C") collation, so listings sort as in SQLite.
 */
final class SharedPostgres {
  private static final String TEMPLATE = "vault_template";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private SharedPostgres() {}

  static synchronized String newDatabaseUrl() {
    try {
      if (server == null) {
        server = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(SharedPostgres::stop));
      }
      String name = "vault_" + DATABASES.incrementAndGet();
      try (Connection connection = server.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE DATABASE "
                + name
                + " TEMPLATE template0 ENCODING 'UTF8'"
                + " LC_COLLATE 'C' LC_CTYPE 'C'");
      }
      return server.getJdbcUrl("postgres", name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static synchronized void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException ignored) {
      // the JVM is exiting anyway
    }
  }
}
