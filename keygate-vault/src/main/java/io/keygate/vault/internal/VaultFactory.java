package io.keygate.vault.internal;

import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOpenException;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.internal.barrier.Barrier;
import io.keygate.vault.internal.barrier.KeyCheck;
import io.keygate.vault.internal.barrier.MasterKey;
import io.keygate.vault.internal.barrier.MasterKeyLoader;
import io.keygate.vault.internal.store.Database;
import io.keygate.vault.internal.store.MetaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Opens a vault: store, integrity check, master key and key check (before anything is written),
 * migrations, the default vault. Any failure closes what was opened and says what to do.
 */
public final class VaultFactory {
  private VaultFactory() {}

  public static SecretVault open(VaultOptions options) {
    String url = options.effectiveJdbcUrl();
    String where = url.replaceFirst("\\?.*$", "");
    if (options.jdbcUrl().isEmpty()) {
      try {
        Files.createDirectories(options.dataDirectory());
      } catch (IOException e) {
        throw new VaultOpenException(
            "cannot create the data directory " + options.dataDirectory(), e);
      }
    }
    Database database;
    try {
      database =
          Database.open(url, options.jdbcUser().orElse(null), options.jdbcPassword().orElse(null));
    } catch (RuntimeException e) {
      throw new VaultOpenException(
          "cannot open the vault's store at " + where + ": " + rootMessage(e), e);
    }
    try {
      return start(database, options, where);
    } catch (VaultOpenException e) {
      database.close();
      throw e;
    } catch (Exception e) {
      database.close();
      throw new VaultOpenException(
          "cannot open the vault's store at " + where + ": " + rootMessage(e), e);
    }
  }

  private static SecretVault start(Database database, VaultOptions options, String where)
      throws Exception {
    if (database.dialect() == Database.Dialect.SQLITE) {
      String check = database.read(VaultFactory::quickCheck);
      if (!"ok".equals(check)) {
        throw new VaultOpenException(
            "the vault database "
                + where
                + " is corrupt (SQLite quick_check: "
                + check
                + "); restore it from a backup");
      }
    }
    MetaTable metaTable = new MetaTable();
    Map<String, String> meta =
        database.read(c -> metaTable.schemaExists(c) ? metaTable.readAll(c) : Map.of());
    String storedCheck = meta.get(KeyCheck.META_KEY);
    boolean newVault = storedCheck == null;
    Map<String, String> newMeta = new HashMap<>();
    MasterKey key = MasterKeyLoader.load(options.masterKey(), meta, newVault, newMeta);
    Barrier barrier = new Barrier(key);
    if (!newVault && !KeyCheck.matches(barrier, storedCheck)) {
      throw new VaultOpenException(
          "master key does not match this vault's data (key check failed); the key from "
              + MasterKeyLoader.describe(options.masterKey())
              + " must be the one the vault at "
              + where
              + " was created or last rotated with. Nothing was changed.");
    }
    database.migrate();
    VaultContext context = new VaultContext(database, barrier, options);
    long now = context.now().getEpochSecond();
    String keyCheck = newVault ? KeyCheck.create(barrier) : null;
    database.write(
        connection -> {
          if (keyCheck != null) {
            for (Map.Entry<String, String> entry : newMeta.entrySet()) {
              metaTable.put(connection, entry.getKey(), entry.getValue());
            }
            metaTable.put(connection, KeyCheck.META_KEY, keyCheck);
          }
          if (metaTable.findVault(connection, SecretVault.DEFAULT_VAULT).isEmpty()) {
            metaTable.insertVault(connection, SecretVault.DEFAULT_VAULT, now);
          }
          return null;
        });
    return new EmbeddedVault(context);
  }

  private static String quickCheck(java.sql.Connection connection) throws java.sql.SQLException {
    try (PreparedStatement statement = connection.prepareStatement("PRAGMA quick_check");
        ResultSet result = statement.executeQuery()) {
      return result.next() ? result.getString(1) : "no result";
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof GeneralSecurityException) {
      return "a cryptographic check failed";
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
