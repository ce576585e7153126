package io.keygate.gateway.keys;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The gateway's own database: API keys and quota counters. A SQLite file by default ({@code
 * <data>/gateway.db}) or PostgreSQL by JDBC URL; the schema is migrated by Flyway from {@code
 * db/gateway} when opened, with its own history table so it can share a PostgreSQL database with
 * the vault. All access is blocking JDBC: call it off the event loop.
 */
public final class GatewayDatabase implements AutoCloseable {
  private static final String HISTORY_TABLE = "gateway_schema_history";
  private final HikariDataSource dataSource;
  private final boolean sqlite;

  private GatewayDatabase(HikariDataSource dataSource, boolean sqlite) {
    this.dataSource = dataSource;
    this.sqlite = sqlite;
  }

  /** Opens (and creates if needed) {@code <dataDir>/gateway.db}. */
  public static GatewayDatabase sqlite(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dataDir, e);
    }
    return open("jdbc:sqlite:" + dataDir.resolve("gateway.db").toAbsolutePath(), null, null);
  }

  /** Opens a database by JDBC URL ({@code jdbc:sqlite:...} or {@code jdbc:postgresql:...}). */
  public static GatewayDatabase open(String jdbcUrl, String user, String password) {
    boolean sqlite = jdbcUrl.startsWith("jdbc:sqlite:");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("keygate-gateway-db");
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    if (sqlite) {
      // One writer at a time is SQLite's rule; WAL + full sync makes acknowledged writes durable.
      config.setMaximumPoolSize(1);
      config.addDataSourceProperty("journal_mode", "WAL");
      config.addDataSourceProperty("synchronous", "FULL");
      config.addDataSourceProperty("busy_timeout", "5000");
      config.setConnectionInitSql("PRAGMA journal_mode=WAL");
    } else {
      config.setMaximumPoolSize(4);
    }
    HikariDataSource ds = new HikariDataSource(config);
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/gateway")
          .table(HISTORY_TABLE)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new GatewayDatabase(ds, sqlite);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  boolean isSqlite() {
    return sqlite;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
