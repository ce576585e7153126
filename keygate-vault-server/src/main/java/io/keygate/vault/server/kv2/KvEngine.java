package io.keygate.vault.server.kv2;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.UpdateSecretRequest;
import io.keygate.vault.VaultException;
import io.keygate.vault.rbac.Action;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.AuditedChange;
import io.keygate.vault.rbac.AuditedChange.Subject;
import io.keygate.vault.rbac.GuardedVault;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * KV v2 reads and writes of secret data over the vault, for one caller: RBAC first (as on the
 * native API), then the store, then the audit entry. Blocks (JDBC): call from a worker thread.
 */
final class KvEngine {
  static final String CONTENT_TYPE = "application/json";

  /** The audit action of a KV destroy (checked as {@code PURGE}: the value is gone for good). */
  static final String DESTROY = "DESTROY_VERSION";

  private final SecretVault vault;
  private final GuardedVault guarded;
  private final AuditedChange audit;
  private final Object[] locks = new Object[64];

  KvEngine(SecretVault vault) {
    this.vault = vault;
    this.guarded = new GuardedVault(vault);
    this.audit = new AuditedChange(vault.audit(), Clock.systemUTC());
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  GuardedVault guarded() {
    return guarded;
  }

  /**
   * A read of the latest version (when {@code number} is 0) or of version {@code number}. A version
   * that is deleted, destroyed or not servable now comes back without data.
   */
  KvRead read(Actor actor, String mount, String name, int number) {
    guarded.require(actor, Action.READ_VALUE, mount, name);
    List<SecretProperties> versions = KvVersions.all(vault, mount, name);
    if (number > versions.size()) {
      throw KvError.notFound();
    }
    int chosen = number == 0 ? versions.size() : number;
    SecretProperties target = versions.get(chosen - 1);
    JsonObject metadata = KvJson.versionMetadata(target, chosen);
    if (KvVersions.destroyed(target) || !target.enabled()) {
      return new KvRead(null, metadata);
    }
    try {
      JsonObject data =
          guarded.readValue(
              actor, mount, name, Optional.of(target.version()), b -> KvJson.data(b.value()));
      return new KvRead(data, metadata);
    } catch (VaultException.Forbidden e) {
      if (VaultException.Forbidden.FORBIDDEN_BY_RBAC.equals(e.code())) {
        throw e;
      }
      // Disabled, expired or not yet valid: KV clients know that as a deleted version.
      return new KvRead(null, metadata);
    }
  }

  /**
   * Stores {@code data} as a new version. With {@code cas}, only if the secret's current version
   * number is {@code cas} (0: only if it does not exist yet). The new version keeps the previous
   * one's tags (KV's custom metadata belongs to the secret, not to a version).
   */
  JsonObject write(Actor actor, String mount, String name, JsonObject data, Integer cas) {
    guarded.require(actor, Action.SET, mount, name);
    synchronized (lockFor(mount, name)) {
      List<SecretProperties> before = KvVersions.allOrNone(vault, mount, name);
      if (cas != null && cas != before.size()) {
        throw KvError.badRequest("check-and-set parameter did not match the current version");
      }
      Map<String, String> tags = before.isEmpty() ? Map.of() : before.get(before.size() - 1).tags();
      SecretValue value = SecretValue.of(data.encode());
      SetSecretRequest request =
          SetSecretRequest.of(value).withContentType(CONTENT_TYPE).withTags(tags);
      SecretProperties written = guarded.setSecret(actor, mount, name, request);
      List<SecretProperties> after = KvVersions.all(vault, mount, name);
      return KvJson.versionMetadata(written, KvVersions.number(after, written.version()));
    }
  }

  /** Deletes (disables) the latest version; its data stays and can be undeleted. */
  void deleteLatest(Actor actor, String mount, String name) {
    guarded.require(actor, Action.DELETE, mount, name);
    List<SecretProperties> versions = KvVersions.all(vault, mount, name);
    setEnabled(actor, Action.DELETE, versions, List.of(versions.size()), false);
  }

  /** Deletes (disables) the given versions; numbers that do not exist are ignored, as in Vault. */
  void deleteVersions(Actor actor, String mount, String name, List<Integer> numbers) {
    guarded.require(actor, Action.DELETE, mount, name);
    setEnabled(actor, Action.DELETE, KvVersions.all(vault, mount, name), numbers, false);
  }

  /** Undeletes (enables) the given versions, except destroyed ones. */
  void undeleteVersions(Actor actor, String mount, String name, List<Integer> numbers) {
    guarded.require(actor, Action.RECOVER, mount, name);
    setEnabled(actor, Action.RECOVER, KvVersions.all(vault, mount, name), numbers, true);
  }

  /** Destroys the data of the given versions for good; their metadata stays, marked destroyed. */
  void destroyVersions(Actor actor, String mount, String name, List<Integer> numbers) {
    guarded.require(actor, Action.PURGE, mount, name);
    List<SecretProperties> versions = KvVersions.all(vault, mount, name);
    for (int number : numbers) {
      if (number < 1 || number > versions.size() || versions.get(number - 1).destroyed()) {
        continue;
      }
      SecretProperties version = versions.get(number - 1);
      audit.run(
          actor,
          DESTROY,
          mount,
          version.name(),
          () -> vault.destroyVersion(mount, version.name(), version.version()),
          done -> Subject.version(done.version()));
    }
  }

  private void setEnabled(
      Actor actor,
      Action action,
      List<SecretProperties> versions,
      List<Integer> numbers,
      boolean enabled) {
    for (int number : numbers) {
      if (number < 1 || number > versions.size()) {
        continue;
      }
      SecretProperties version = versions.get(number - 1);
      if (version.enabled() == enabled || KvVersions.destroyed(version)) {
        continue;
      }
      audit.run(
          actor,
          action.name(),
          version.vault(),
          version.name(),
          () ->
              vault.updateSecret(
                  version.vault(),
                  version.name(),
                  Optional.of(version.version()),
                  UpdateSecretRequest.none().withEnabled(enabled)),
          done -> Subject.version(done.version()));
    }
  }

  private Object lockFor(String mount, String name) {
    int hash = (mount + "/" + name.toLowerCase(Locale.ROOT)).hashCode();
    return locks[Math.floorMod(hash, locks.length)];
  }
}
