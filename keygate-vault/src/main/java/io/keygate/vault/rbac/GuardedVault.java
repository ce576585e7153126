package io.keygate.vault.rbac;

import io.keygate.secrets.SecretAccessException;
import io.keygate.vault.DeletedSecret;
import io.keygate.vault.SecretBundle;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.UpdateSecretRequest;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.rbac.AuditedChange.Subject;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The vault as a principal sees it: every call is checked against the role assignments first and
 * audited last, in the order RBAC, store, audit, answer. Values read are handed out only after
 * their audit entry is committed; if the audit fails, the call fails with 503 {@code
 * AuditUnavailable} and the value is not handed out. Changes (set, update, delete, recover, purge,
 * backup, restore) are audited with their outcome, never with a value.
 *
 * <p>Blocks (JDBC): call from a worker or virtual thread.
 */
public final class GuardedVault {
  private final SecretVault vault;
  private final RoleAssignments roles;
  private final AuditedChange audit;

  /** Guards {@code vault}, stamping audit entries with the system clock. */
  public GuardedVault(SecretVault vault) {
    this(vault, Clock.systemUTC());
  }

  /** Guards {@code vault}, stamping audit entries with {@code clock}. */
  public GuardedVault(SecretVault vault, Clock clock) {
    this.vault = vault;
    this.roles = vault.roles();
    this.audit = new AuditedChange(vault.audit(), clock);
  }

  /**
   * Reads a value for {@code actor} ({@code secrets-user} or more on the secret) and hands it to
   * {@code use}, whose result is returned once the read is audited. If {@code use} fails with a
   * {@link SecretAccessException} (a missing JSON field, say), that is audited as the outcome and
   * rethrown.
   */
  public <T> T readValue(
      Actor actor,
      String vaultName,
      String name,
      Optional<String> version,
      Function<SecretBundle, T> use) {
    require(actor, Action.READ_VALUE, vaultName, name);
    SecretBundle bundle;
    T result;
    try {
      bundle = vault.getSecret(vaultName, name, version);
      result = use.apply(bundle);
    } catch (SecretAccessException e) {
      audit.record(
          actor,
          Action.READ_VALUE.name(),
          vaultName,
          name,
          version.orElse(""),
          AuditEntry.ERROR,
          e.code());
      throw e;
    }
    audit.record(
        actor,
        Action.READ_VALUE.name(),
        vaultName,
        name,
        bundle.properties().version(),
        AuditEntry.ALLOWED,
        "");
    return result;
  }

  /** Stores a new version for {@code actor} ({@code secrets-officer}); audited. */
  public SecretProperties setSecret(
      Actor actor, String vaultName, String name, SetSecretRequest request) {
    return change(
        actor,
        Action.SET,
        vaultName,
        name,
        () -> vault.setSecret(vaultName, name, request).properties());
  }

  /**
   * Changes one version's attributes, tags or content type for {@code actor} ({@code
   * secrets-officer}); audited as {@code UPDATE} with the version changed.
   */
  public SecretProperties updateSecret(
      Actor actor,
      String vaultName,
      String name,
      Optional<String> version,
      UpdateSecretRequest request) {
    return change(
        actor,
        Action.UPDATE,
        vaultName,
        name,
        () -> vault.updateSecret(vaultName, name, version, request));
  }

  /** Soft-deletes for {@code actor} ({@code secrets-officer}); audited. */
  public DeletedSecret deleteSecret(Actor actor, String vaultName, String name) {
    require(actor, Action.DELETE, vaultName, name);
    return audit.run(
        actor,
        Action.DELETE.name(),
        vaultName,
        name,
        () -> vault.deleteSecret(vaultName, name),
        deleted -> Subject.NONE);
  }

  /** Recovers a soft-deleted secret for {@code actor} ({@code secrets-officer}); audited. */
  public SecretProperties recoverDeletedSecret(Actor actor, String vaultName, String name) {
    return change(
        actor, Action.RECOVER, vaultName, name, () -> vault.recoverDeletedSecret(vaultName, name));
  }

  /** Purges a soft-deleted secret for good for {@code actor} ({@code secrets-officer}); audited. */
  public void purgeDeletedSecret(Actor actor, String vaultName, String name) {
    require(actor, Action.PURGE, vaultName, name);
    audit.run(
        actor,
        Action.PURGE.name(),
        vaultName,
        name,
        () -> {
          vault.purgeDeletedSecret(vaultName, name);
          return Boolean.TRUE;
        },
        done -> Subject.NONE);
  }

  /**
   * Exports a secret's backup blob for {@code actor} ({@code secrets-officer}); audited as {@code
   * BACKUP} (the blob is sealed, but who took one is worth knowing).
   */
  public byte[] backupSecret(Actor actor, String vaultName, String name) {
    require(actor, Action.BACKUP, vaultName, name);
    return audit.run(
        actor,
        Action.BACKUP.name(),
        vaultName,
        name,
        () -> vault.backupSecret(vaultName, name),
        blob -> Subject.NONE);
  }

  /**
   * Restores a backup blob into {@code vaultName} for {@code actor} ({@code secrets-officer} on the
   * vault); audited as {@code RESTORE} naming the secret and version restored.
   */
  public SecretProperties restoreSecret(Actor actor, String vaultName, byte[] backup) {
    require(actor, Action.RESTORE, vaultName, null);
    return audit.run(
        actor,
        Action.RESTORE.name(),
        vaultName,
        "",
        () -> vault.restoreSecret(vaultName, backup),
        restored -> new Subject(restored.name(), restored.version()));
  }

  /** Checks {@code action} for {@code actor}; a denial is audited, then thrown as 403. */
  public void require(Actor actor, Action action, String vaultName, String name) {
    Decision decision = roles.check(actor.principalSet(), action, vaultName, name);
    if (!decision.allowed()) {
      audit.record(
          actor, action.name(), vaultName, name, "", AuditEntry.DENIED, Decision.FORBIDDEN_BY_RBAC);
      decision.requireAllowed();
    }
  }

  private SecretProperties change(
      Actor actor, Action action, String vaultName, String name, Supplier<SecretProperties> work) {
    require(actor, action, vaultName, name);
    return audit.run(
        actor, action.name(), vaultName, name, work, changed -> Subject.version(changed.version()));
  }
}
