package io.keygate.vault;

import io.keygate.vault.internal.store.Database;
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

  /** A new database that already has the vault's schema (but no key check: a new vault). */
  static synchronized String newDatabaseUrl() {
    start();
    String name = "vault_" + DATABASES.incrementAndGet();
    execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    return server.getJdbcUrl("postgres", name);
  }

  /** A new, empty database. */
  static synchronized String newEmptyDatabaseUrl() {
    start();
    String name = "vault_" + DATABASES.incrementAndGet();
    createEmpty(name);
    return server.getJdbcUrl("postgres", name);
  }

  private static void start() {
    if (server != null) {
      return;
    }
    try {
      server = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(SharedPostgres::stop));
    createEmpty(TEMPLATE);
    // Migrated once; copying it is much cheaper than migrating every test's database.
    try (Database template = Database.open(server.getJdbcUrl("postgres", TEMPLATE), null, null)) {
      template.migrate();
    }
  }

  private static void createEmpty(String name) {
    execute(
        "CREATE DATABASE "
            + name
            + " TEMPLATE template0 ENCODING 'UTF8'"
            + " LC_COLLATE 'C' LC_CTYPE 'C'");
  }

  private static void execute(String sql) {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
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
