package io.keygate.vault.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  @TempDir Path data;

  @Test
  void sqliteConnections_useWalFullSyncAndABusyTimeout() throws Exception {
    try (Database database = Database.open("jdbc:sqlite:" + data.resolve("t.db"), null, null)) {
      String journal = database.read(c -> pragma(c.createStatement(), "journal_mode"));
      String synchronous = database.read(c -> pragma(c.createStatement(), "synchronous"));
      String busyTimeout = database.read(c -> pragma(c.createStatement(), "busy_timeout"));

      assertThat(journal).isEqualTo("wal");
      // 2 = FULL: every commit is synced before it returns.
      assertThat(synchronous).isEqualTo("2");
      assertThat(busyTimeout).isEqualTo("10000");
    }
  }

  private static String pragma(Statement statement, String name) throws java.sql.SQLException {
    try (statement;
        ResultSet result = statement.executeQuery("PRAGMA " + name)) {
      result.next();
      return result.getString(1);
    }
  }
}
