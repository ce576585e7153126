package io.keygate.vault.apps;

import io.keygate.vault.VaultException;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.internal.store.Database;
import io.keygate.vault.internal.store.SqlWork;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's registered apps and their credentials, in the vault's store (tables of migration
 * V12). Open it after the vault (whose start applies the migrations), on the same options; close it
 * before the vault. It stores what it is given: hashing client secrets is the caller's job, so that
 * no plain secret ever reaches this class. Every method blocks (JDBC).
 */
public final class AppRegistry implements AutoCloseable {
  /** 404 code for an unknown app. */
  public static final String APP_NOT_FOUND = "AppNotFound";

  /** 404 code for an unknown credential. */
  public static final String CREDENTIAL_NOT_FOUND = "CredentialNotFound";

  private static final Logger log = LoggerFactory.getLogger(AppRegistry.class);
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final int MAX_CREDENTIALS = 10;
  private final Database database;
  private final Clock clock;
  private final AppTable table = new AppTable();

  private AppRegistry(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** Opens the registry on the store of {@code options}. */
  public static AppRegistry open(VaultOptions options) {
    Database database =
        Database.open(
            options.effectiveJdbcUrl(),
            options.jdbcUser().orElse(null),
            options.jdbcPassword().orElse(null));
    return new AppRegistry(database, options.clock());
  }

  /**
   * Registers an app with a new random client id (a UUID).
   *
   * @throws VaultException.BadParameter when the display name is blank or over 256 characters
   */
  public AppRegistration create(String displayName, String createdBy) {
    return create(UUID.randomUUID().toString(), displayName, createdBy);
  }

  /**
   * Registers an app with the given client id.
   *
   * @throws VaultException.Conflict when the client id is taken
   */
  public AppRegistration create(String clientId, String displayName, String createdBy) {
    requireClientId(clientId);
    if (displayName == null || displayName.isBlank() || displayName.length() > 256) {
      throw new VaultException.BadParameter("display name must be 1 to 256 characters");
    }
    Instant now = clock.instant();
    boolean created =
        write(
            c -> {
              if (table.find(c, clientId).isPresent()) {
                return false;
              }
              table.insert(c, clientId, displayName.strip(), now.getEpochSecond(), createdBy);
              return true;
            });
    if (!created) {
      throw new VaultException.Conflict(
          VaultException.Conflict.CONFLICT, "app " + clientId + " already exists");
    }
    return get(clientId);
  }

  /** The app with its credentials. */
  public Optional<AppRegistration> find(String clientId) {
    if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
      return Optional.empty();
    }
    return read(c -> table.find(c, clientId));
  }

  /** The app with its credentials; 404 {@code AppNotFound} when there is none. */
  public AppRegistration get(String clientId) {
    return find(clientId).orElseThrow(() -> notFound(clientId));
  }

  /** Whether the app exists (every token check asks, so a deleted app's tokens stop at once). */
  public boolean exists(String clientId) {
    if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
      return false;
    }
    return read(c -> table.exists(c, clientId));
  }

  /** Every app, by client id. */
  public List<AppRegistration> list() {
    return read(table::all);
  }

  /** Removes the app and its credentials; 404 {@code AppNotFound} when there is none. */
  public void delete(String clientId) {
    requireClientId(clientId);
    if (!write(c -> table.delete(c, clientId))) {
      throw notFound(clientId);
    }
  }

  /**
   * Adds a credential to the app (at most 10 per app).
   *
   * @param hint what people may see of it
   * @param material a secret's keyed hash or a certificate's PEM (never a plain secret)
   */
  public AppCredential addCredential(
      String clientId,
      AppCredential.Kind kind,
      String hint,
      String material,
      Optional<Instant> expires) {
    requireClientId(clientId);
    AppCredential credential =
        new AppCredential(
            UUID.randomUUID().toString(),
            kind,
            hint,
            material,
            Instant.ofEpochSecond(clock.instant().getEpochSecond()),
            expires);
    String refused =
        write(
            c -> {
              Optional<AppRegistration> app = table.find(c, clientId);
              if (app.isEmpty()) {
                return "missing";
              }
              if (app.get().credentials().size() >= MAX_CREDENTIALS) {
                return "full";
              }
              table.insertCredential(c, clientId, credential);
              return "";
            });
    if (refused.equals("missing")) {
      throw notFound(clientId);
    }
    if (refused.equals("full")) {
      throw new VaultException.BadParameter(
          "app " + clientId + " already has " + MAX_CREDENTIALS + " credentials: remove one first");
    }
    return credential;
  }

  /** Removes one credential; 404 {@code CredentialNotFound} when the app has no such one. */
  public void removeCredential(String clientId, String credentialId) {
    requireClientId(clientId);
    if (!write(c -> table.deleteCredential(c, clientId, credentialId))) {
      throw new VaultException.NotFound(
          CREDENTIAL_NOT_FOUND, "app " + clientId + " has no credential " + credentialId);
    }
  }

  @Override
  public void close() {
    database.close();
  }

  private static void requireClientId(String clientId) {
    if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
      throw new VaultException.BadParameter(
          "client id must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit");
    }
  }

  private static VaultException notFound(String clientId) {
    return new VaultException.NotFound(APP_NOT_FOUND, "app " + clientId + " does not exist");
  }

  private <T> T read(SqlWork<T> work) {
    try {
      return database.read(work);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private <T> T write(SqlWork<T> work) {
    try {
      return database.write(work);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static VaultException failure(SQLException e) {
    log.error("App registry operation failed (SQLState {})", e.getSQLState(), e);
    return new VaultException.Unavailable("the vault's store is unavailable");
  }
}
