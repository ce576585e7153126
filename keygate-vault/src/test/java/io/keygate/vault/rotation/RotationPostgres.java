package io.keygate.vault.rotation;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** One embedded PostgreSQL for the rotation tests of this JVM; a fresh database per caller. */
final class RotationPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private RotationPostgres() {}

  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        Path data = Files.createTempDirectory("kg-rotation-pg");
        server =
            EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true).start();
        // Passwords must matter for the generator tests: trust only the superuser, and only
        // over the socket-less loopback connection the fixtures use.
        Files.writeString(
            data.resolve("pg_hba.conf"),
            "host all postgres 127.0.0.1/32 trust\n"
                + "host all postgres ::1/128 trust\n"
                + "host all all 127.0.0.1/32 md5\n"
                + "host all all ::1/128 md5\n");
        execute("SELECT pg_reload_conf()");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      server.close();
                    } catch (IOException ignored) {
                      // exiting anyway
                    }
                  }));
    }
    return server;
  }

  /** A new empty database's JDBC URL (user postgres, no password). */
  static synchronized String newDatabase() {
    String name = "rotation_" + DATABASES.incrementAndGet();
    execute("CREATE DATABASE " + name);
    return server().getJdbcUrl("postgres", name);
  }

  static void execute(String sql) {
    try (Connection c = server().getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
