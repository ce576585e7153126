package io.keygate.vault.internal;

import io.keygate.secrets.SecretEvent;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.VaultException;
import io.keygate.vault.VaultException.Conflict;
import io.keygate.vault.VaultException.NotFound;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.internal.barrier.Barrier;
import io.keygate.vault.internal.store.Database;
import io.keygate.vault.internal.store.MetaTable;
import io.keygate.vault.internal.store.SecretRow;
import io.keygate.vault.internal.store.SecretTable;
import io.keygate.vault.internal.store.SqlWork;
import io.keygate.vault.internal.store.VersionRow;
import io.keygate.vault.internal.store.VersionTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every vault operation shares: the store, the barrier, the options and the event bus. */
final class VaultContext {
  private static final Logger log = LoggerFactory.getLogger(VaultContext.class);
  private static final int WRITE_ATTEMPTS = 3;

  final Database database;
  final MetaTable meta = new MetaTable();
  final SecretTable secrets = new SecretTable();
  final VersionTable versions = new VersionTable();
  final Barrier barrier;
  final VaultOptions options;
  final EventBus events = new EventBus();

  VaultContext(Database database, Barrier barrier, VaultOptions options) {
    this.database = database;
    this.barrier = barrier;
    this.options = options;
  }

  /** Now, in whole seconds (the model's resolution). */
  Instant now() {
    return options.clock().instant().truncatedTo(ChronoUnit.SECONDS);
  }

  void publish(SecretEvent.Type type, String vault, String name, String version) {
    events.publish(type, vault, name, version, now());
  }

  <T> T read(SqlWork<T> work) {
    try {
      return database.read(work);
    } catch (SQLException e) {
      throw storeFailure(e);
    }
  }

  /**
   * Runs {@code work} in one transaction. A transaction that lost a race with another writer (two
   * nodes creating the same name, a deadlock) is rolled back and run again, up to three times.
   */
  <T> T write(SqlWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return database.write(work);
      } catch (SQLException e) {
        if (attempt < WRITE_ATTEMPTS && lostARace(e)) {
          continue;
        }
        throw storeFailure(e);
      }
    }
  }

  private static boolean lostARace(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return state.startsWith("23")
        || state.equals("40001")
        || state.equals("40P01")
        || e.getMessage() != null && e.getMessage().contains("SQLITE_CONSTRAINT");
  }

  private static VaultException storeFailure(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (lostARace(e)) {
      return new Conflict(Conflict.CONFLICT, "a concurrent change conflicted with this one; retry");
    }
    log.error("Vault store operation failed (SQLState {})", state, e);
    return new VaultException.Unavailable("the vault's store is unavailable: " + e.getMessage());
  }

  void requireVault(Connection connection, String vault) throws SQLException {
    if (meta.findVault(connection, vault).isEmpty()) {
      throw new NotFound(NotFound.VAULT_NOT_FOUND, "vault " + vault + " not found");
    }
  }

  /** The live (not deleted) secret, or 404. */
  SecretRow liveSecret(Connection connection, String vault, String name) throws SQLException {
    requireVault(connection, vault);
    Optional<SecretRow> secret = secrets.find(connection, vault, name);
    if (secret.isEmpty() || secret.get().deleted()) {
      throw secretNotFound(vault, name);
    }
    return secret.get();
  }

  VersionRow version(Connection connection, String vault, String name, String version)
      throws SQLException {
    return versions
        .find(connection, vault, name, version)
        .orElseThrow(
            () ->
                new NotFound(
                    NotFound.SECRET_NOT_FOUND,
                    "secret " + vault + "/" + name + " version " + version + " not found"));
  }

  static NotFound secretNotFound(String vault, String name) {
    return new NotFound(NotFound.SECRET_NOT_FOUND, "secret " + vault + "/" + name + " not found");
  }

  SecretProperties properties(VersionRow row) {
    int days = options.retentionDays();
    return new SecretProperties(
        row.vault(),
        row.name(),
        row.version(),
        row.enabled(),
        Optional.ofNullable(row.notBefore()).map(Instant::ofEpochSecond),
        Optional.ofNullable(row.expires()).map(Instant::ofEpochSecond),
        Instant.ofEpochSecond(row.created()),
        Instant.ofEpochSecond(row.updated()),
        Optional.ofNullable(row.contentType()),
        row.tags(),
        days == VaultOptions.DEFAULT_RETENTION_DAYS
            ? "Recoverable+Purgeable"
            : "CustomizedRecoverable+Purgeable",
        days,
        false,
        row.ciphertext().length == 0);
  }
}
