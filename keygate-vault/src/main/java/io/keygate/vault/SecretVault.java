package io.keygate.vault;

import io.keygate.secrets.SecretEvent;
import io.keygate.vault.audit.AuditLog;
import io.keygate.vault.internal.VaultFactory;
import io.keygate.vault.rbac.RoleAssignments;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The embedded vault: namespaces ("vaults") of versioned secrets, modelled on Azure Key Vault.
 *
 * <p>Secret names are case-insensitive and keep the case they were created with; results carry that
 * case.
 *
 * <p>Guarantees: values are sealed at rest (envelope encryption bound to vault, name and version);
 * a call that returns has committed durably; listings return metadata only; errors are {@link
 * VaultException}s with a status and a stable code, and no message ever contains a value; events
 * are published to subscribers after the commit.
 *
 * <p>Every method blocks (JDBC and crypto): call it from a worker or virtual thread, never from an
 * event loop. Instances are thread-safe.
 */
public interface SecretVault extends AutoCloseable {

  /** The vault that exists from the start. */
  String DEFAULT_VAULT = "default";

  /** The largest page {@code list*} methods return, as in Azure Key Vault. */
  int MAX_PAGE_SIZE = 25;

  /** Opens (creating on first start) the vault described by {@code options}. */
  static SecretVault open(VaultOptions options) {
    return VaultFactory.open(options);
  }

  /** Stores a new version of {@code vault/name} and makes it current. */
  SecretBundle setSecret(String vault, String name, SetSecretRequest request);

  /**
   * Returns the current version, or the named one, with its value. Refused with 403 when that
   * version is disabled, expired or not yet valid.
   */
  SecretBundle getSecret(String vault, String name, Optional<String> version);

  /** Lists the vault's secrets (current version's metadata), by name; deleted ones excluded. */
  Page<SecretProperties> listSecrets(String vault, int maxResults, Optional<String> continuation);

  /** Lists every version of one secret, oldest first, metadata only. */
  Page<SecretProperties> listVersions(
      String vault, String name, int maxResults, Optional<String> continuation);

  /**
   * Changes the attributes, tags or content type of one version (the current one when {@code
   * version} is empty); never the value. Only the fields present in {@code request} change.
   */
  SecretProperties updateSecret(
      String vault, String name, Optional<String> version, UpdateSecretRequest request);

  /**
   * Destroys the value of one version for good (Vault's KV {@code destroy}): its metadata stays,
   * marked {@link SecretProperties#destroyed()}, and reading it is refused with 403 {@code
   * SecretDestroyed}. Destroying a destroyed version does nothing. Publishes a disabled event so
   * that cached copies are dropped.
   */
  SecretProperties destroyVersion(String vault, String name, String version);

  /** Soft-deletes the secret (all versions); recoverable until its scheduled purge date. */
  DeletedSecret deleteSecret(String vault, String name);

  /** Returns a soft-deleted secret's metadata. */
  DeletedSecret getDeletedSecret(String vault, String name);

  /** Lists soft-deleted secrets of the vault, by name. */
  Page<DeletedSecret> listDeletedSecrets(
      String vault, int maxResults, Optional<String> continuation);

  /** Brings a soft-deleted secret back with all its versions; returns its current version. */
  SecretProperties recoverDeletedSecret(String vault, String name);

  /** Removes a soft-deleted secret for good. */
  void purgeDeletedSecret(String vault, String name);

  /**
   * Exports one secret with all its versions as an opaque, authenticated blob that only a vault
   * holding the same master key can restore.
   */
  byte[] backupSecret(String vault, String name);

  /** Restores a blob from {@link #backupSecret} into {@code vault}; returns the current version. */
  SecretProperties restoreSecret(String vault, byte[] backup);

  /** The vaults (namespaces), by name. */
  List<VaultInfo> listVaults();

  /** Creates a vault (namespace); 409 {@code Conflict} if it exists. */
  VaultInfo createVault(String name);

  /**
   * Rotates the master key: every data key is rewrapped under {@code newKey}, values are not
   * re-encrypted, reads keep working throughout. For a key file, {@code newKey} may be the same
   * file: a new key is generated into it and the old one removed when the rewrap completes.
   * Afterwards the vault opens with {@code newKey} only.
   */
  MasterKeyRotation rotateMasterKey(MasterKeySource newKey);

  /** Purges every soft-deleted secret whose scheduled purge date is at or before {@code now}. */
  int purgeExpiredDeletions(Instant now);

  /**
   * Subscribes to secret events, delivered in commit order on the writing thread right after the
   * commit; keep listeners quick. Closing the handle unsubscribes.
   */
  AutoCloseable subscribe(Consumer<SecretEvent> listener);

  /**
   * The role assignments kept in this vault's store and the access decisions made from them. The
   * methods above do not check them (they are the trusted core); {@link
   * io.keygate.vault.rbac.GuardedVault} does.
   */
  RoleAssignments roles();

  /** The audit trail kept in this vault's store. */
  AuditLog audit();

  /** Stops the sweeper and closes the store. */
  @Override
  void close();
}
