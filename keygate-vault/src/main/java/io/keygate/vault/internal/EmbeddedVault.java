package io.keygate.vault.internal;

import io.keygate.secrets.SecretEvent;
import io.keygate.vault.DeletedSecret;
import io.keygate.vault.MasterKeyRotation;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.Page;
import io.keygate.vault.SecretBundle;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.UpdateSecretRequest;
import io.keygate.vault.VaultException.Conflict;
import io.keygate.vault.VaultInfo;
import io.keygate.vault.audit.AuditLog;
import io.keygate.vault.rbac.RoleAssignments;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** The vault facade: validates nothing itself, delegates each feature to its operations class. */
final class EmbeddedVault implements SecretVault {
  private final VaultContext context;
  private final SecretOperations secrets;
  private final ListingOperations listings;
  private final DeletionOperations deletions;
  private final BackupOperations backups;
  private final MasterKeyRotator rotator;
  private final Sweeper sweeper;
  private final StoredAuditLog audit;
  private final StoredRoleAssignments roles;
  private final AtomicBoolean closed = new AtomicBoolean();

  EmbeddedVault(VaultContext context) {
    this.context = context;
    this.secrets = new SecretOperations(context);
    this.listings = new ListingOperations(context);
    this.deletions = new DeletionOperations(context);
    this.backups = new BackupOperations(context, secrets);
    this.rotator = new MasterKeyRotator(context, context.options.masterKey());
    this.audit = new StoredAuditLog(context);
    this.roles = new StoredRoleAssignments(context, audit);
    this.sweeper =
        Sweeper.start(
            deletions::purgeExpired, context.options.clock(), context.options.sweepInterval());
  }

  @Override
  public SecretBundle setSecret(String vault, String name, SetSecretRequest request) {
    return secrets.set(vault, name, request);
  }

  @Override
  public SecretBundle getSecret(String vault, String name, Optional<String> version) {
    return secrets.get(vault, name, version);
  }

  @Override
  public Page<SecretProperties> listSecrets(
      String vault, int maxResults, Optional<String> continuation) {
    return listings.listSecrets(vault, maxResults, continuation);
  }

  @Override
  public Page<SecretProperties> listVersions(
      String vault, String name, int maxResults, Optional<String> continuation) {
    return listings.listVersions(vault, name, maxResults, continuation);
  }

  @Override
  public SecretProperties updateSecret(
      String vault, String name, Optional<String> version, UpdateSecretRequest request) {
    return secrets.update(vault, name, version, request);
  }

  @Override
  public SecretProperties destroyVersion(String vault, String name, String version) {
    return secrets.destroy(vault, name, version);
  }

  @Override
  public DeletedSecret deleteSecret(String vault, String name) {
    return deletions.delete(vault, name);
  }

  @Override
  public DeletedSecret getDeletedSecret(String vault, String name) {
    return deletions.get(vault, name);
  }

  @Override
  public Page<DeletedSecret> listDeletedSecrets(
      String vault, int maxResults, Optional<String> continuation) {
    return deletions.list(vault, maxResults, continuation);
  }

  @Override
  public SecretProperties recoverDeletedSecret(String vault, String name) {
    return deletions.recover(vault, name);
  }

  @Override
  public void purgeDeletedSecret(String vault, String name) {
    deletions.purge(vault, name);
  }

  @Override
  public byte[] backupSecret(String vault, String name) {
    return backups.backup(vault, name);
  }

  @Override
  public SecretProperties restoreSecret(String vault, byte[] backup) {
    return backups.restore(vault, backup);
  }

  @Override
  public List<VaultInfo> listVaults() {
    return context.read(context.meta::listVaults).stream()
        .map(entry -> new VaultInfo(entry.getKey(), Instant.ofEpochSecond(entry.getValue())))
        .toList();
  }

  @Override
  public VaultInfo createVault(String name) {
    Validation.vaultName(name);
    long now = context.now().getEpochSecond();
    context.write(
        connection -> {
          if (context.meta.findVault(connection, name).isPresent()) {
            throw new Conflict(Conflict.CONFLICT, "vault " + name + " already exists");
          }
          context.meta.insertVault(connection, name, now);
          return null;
        });
    return new VaultInfo(name, Instant.ofEpochSecond(now));
  }

  @Override
  public MasterKeyRotation rotateMasterKey(MasterKeySource newKey) {
    return rotator.rotate(newKey);
  }

  @Override
  public int purgeExpiredDeletions(Instant now) {
    return deletions.purgeExpired(now);
  }

  @Override
  public AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    return context.events.subscribe(listener);
  }

  @Override
  public RoleAssignments roles() {
    return roles;
  }

  @Override
  public AuditLog audit() {
    return audit;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      sweeper.close();
      context.database.close();
    }
  }
}
