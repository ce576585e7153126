package io.keygate.vault.rbac;

import io.keygate.secrets.SecretAccessException;
import io.keygate.vault.DeletedSecret;
import io.keygate.vault.SecretBundle;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.audit.AuditLog;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

/**
 * The vault as a principal sees it: every call is checked against the role assignments first and
 * audited last, in the order RBAC, store, audit, answer. Values read are handed out only after
 * their audit entry is committed; if the audit fails, the call fails with 503 {@code
 * AuditUnavailable} and the value is not handed out.
 *
 * <p>Blocks (JDBC): call from a worker or virtual thread.
 */
public final class GuardedVault {
  private final SecretVault vault;
  private final RoleAssignments roles;
  private final AuditLog audit;
  private final Clock clock;

  /** Guards {@code vault}, stamping audit entries with the system clock. */
  public GuardedVault(SecretVault vault) {
    this(vault, Clock.systemUTC());
  }

  /** Guards {@code vault}, stamping audit entries with {@code clock}. */
  public GuardedVault(SecretVault vault, Clock clock) {
    this.vault = vault;
    this.roles = vault.roles();
    this.audit = vault.audit();
    this.clock = clock;
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
      record(
          actor,
          Action.READ_VALUE,
          vaultName,
          name,
          version.orElse(""),
          AuditEntry.ERROR,
          e.code());
      throw e;
    }
    record(
        actor,
        Action.READ_VALUE,
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
    require(actor, Action.SET, vaultName, name);
    SecretBundle bundle;
    try {
      bundle = vault.setSecret(vaultName, name, request);
    } catch (SecretAccessException e) {
      record(actor, Action.SET, vaultName, name, "", AuditEntry.ERROR, e.code());
      throw e;
    }
    record(
        actor, Action.SET, vaultName, name, bundle.properties().version(), AuditEntry.ALLOWED, "");
    return bundle.properties();
  }

  /** Soft-deletes for {@code actor} ({@code secrets-officer}); audited. */
  public DeletedSecret deleteSecret(Actor actor, String vaultName, String name) {
    require(actor, Action.DELETE, vaultName, name);
    DeletedSecret deleted;
    try {
      deleted = vault.deleteSecret(vaultName, name);
    } catch (SecretAccessException e) {
      record(actor, Action.DELETE, vaultName, name, "", AuditEntry.ERROR, e.code());
      throw e;
    }
    record(actor, Action.DELETE, vaultName, name, "", AuditEntry.ALLOWED, "");
    return deleted;
  }

  /** Checks {@code action} for {@code actor}; a denial is audited, then thrown as 403. */
  public void require(Actor actor, Action action, String vaultName, String name) {
    Decision decision = roles.check(actor.principalSet(), action, vaultName, name);
    if (!decision.allowed()) {
      record(actor, action, vaultName, name, "", AuditEntry.DENIED, Decision.FORBIDDEN_BY_RBAC);
      decision.requireAllowed();
    }
  }

  private void record(
      Actor actor,
      Action action,
      String vaultName,
      String name,
      String version,
      String outcome,
      String code) {
    audit.record(
        new AuditEntry(
            clock.instant(),
            actor.principals(),
            actor.onBehalfOf(),
            actor.via(),
            actor.api(),
            action.name(),
            vaultName == null ? "" : vaultName,
            name == null ? "" : name,
            version,
            outcome,
            code,
            actor.requestId()));
  }
}
