package io.keygate.vault.internal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The JDBC store's connections and transactions. SQLite runs in WAL mode with full sync and one
 * writer at a time (writes are serialized here, reads run in parallel); PostgreSQL relies on its
 * own transactions and row locks.
 */
public final class Database implements AutoCloseable {
  public enum Dialect {
    SQLITE,
    POSTGRESQL
  }

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final ReentrantLock writeLock = new ReentrantLock(true);

  private Database(HikariDataSource pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  /** Opens a pool for {@code jdbcUrl}; fails if the first connection cannot be made. */
  public static Database open(String jdbcUrl, String user, String password) {
    Dialect dialect = jdbcUrl.startsWith("jdbc:sqlite:") ? Dialect.SQLITE : Dialect.POSTGRESQL;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("keygate-vault");
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    if (dialect == Dialect.SQLITE) {
      config.setMaximumPoolSize(4);
      config.addDataSourceProperty("journal_mode", "WAL");
      config.addDataSourceProperty("synchronous", "FULL");
      config.addDataSourceProperty("busy_timeout", "10000");
      // Transactions take the write lock when they begin. A deferred one that read before another
      // connection's commit cannot upgrade to write and fails at once with SQLITE_BUSY, without
      // waiting for busy_timeout; an immediate one waits its turn instead.
      config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
      config.addDataSourceProperty("foreign_keys", "true");
    } else {
      config.setMaximumPoolSize(8);
    }
    // Connections are opened as needed: a quiet vault holds one, not a full pool.
    config.setMinimumIdle(1);
    config.setAutoCommit(true);
    config.setInitializationFailTimeout(1);
    return new Database(new HikariDataSource(config), dialect);
  }

  public Dialect dialect() {
    return dialect;
  }

  public DataSource dataSource() {
    return pool;
  }

  /**
   * Applies the schema migrations (one dialect-neutral set, in {@code db/vault}). The database may
   * hold other tables (e.g. the gateway's): the vault keeps its own history table.
   */
  public void migrate() {
    Flyway.configure()
        .dataSource(pool)
        .locations("classpath:db/vault")
        .table("vault_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  /** Runs read-only work outside a transaction. */
  public <T> T read(SqlWork<T> work) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      return work.apply(connection);
    }
  }

  /** Runs work in one transaction, committed before this returns. */
  public <T> T write(SqlWork<T> work) throws SQLException {
    boolean serialize = dialect == Dialect.SQLITE;
    if (serialize) {
      writeLock.lock();
    }
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.apply(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } finally {
      if (serialize) {
        writeLock.unlock();
      }
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
