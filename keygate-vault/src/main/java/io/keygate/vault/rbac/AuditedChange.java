package io.keygate.vault.rbac;

import io.keygate.secrets.SecretAccessException;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.audit.AuditLog;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one change for an actor and writes its outcome to the audit trail: {@code allowed} with the
 * version it produced, or {@code error} with the failure's code (then rethrows). Fails closed: a
 * change whose success cannot be audited throws 503 {@code AuditUnavailable} (the change itself may
 * be committed). Never records a value.
 *
 * <p>For changes whose RBAC check is done elsewhere, or that only the admin token can reach
 * (creating a vault, rotating the master key, rotation policies). Blocks (JDBC).
 */
public final class AuditedChange {
  /** The code of a failure that is not a typed vault error (a bug, a store crash). */
  public static final String FAILED = "Failed";

  private final AuditLog audit;
  private final Clock clock;

  public AuditedChange(AuditLog audit, Clock clock) {
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs {@code work} and audits it as {@code action} on {@code vaultName/name} by {@code actor};
   * {@code subject} names the result's secret and version for the entry (the name may only be known
   * afterwards, as for a restore).
   */
  public <T> T run(
      Actor actor,
      String action,
      String vaultName,
      String name,
      Supplier<T> work,
      Function<T, Subject> subject) {
    T result;
    try {
      result = work.get();
    } catch (SecretAccessException e) {
      record(actor, action, vaultName, name, "", AuditEntry.ERROR, e.code());
      throw e;
    } catch (RuntimeException e) {
      record(actor, action, vaultName, name, "", AuditEntry.ERROR, FAILED);
      throw e;
    }
    Subject done = subject.apply(result);
    record(
        actor,
        action,
        vaultName,
        done.name().isEmpty() ? name : done.name(),
        done.version(),
        AuditEntry.ALLOWED,
        "");
    return result;
  }

  /** Audits a decision or outcome that ran no work (a denial, say). */
  public void record(
      Actor actor,
      String action,
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
            action,
            vaultName == null ? "" : vaultName,
            name == null ? "" : name,
            version,
            outcome,
            code,
            actor.requestId()));
  }

  /**
   * What a change's audit entry names besides the request: the secret (empty to keep the name asked
   * for) and the version written (or empty).
   */
  public record Subject(String name, String version) {
    public static final Subject NONE = new Subject("", "");

    public Subject {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
    }

    public static Subject version(String version) {
      return new Subject("", version);
    }
  }
}
