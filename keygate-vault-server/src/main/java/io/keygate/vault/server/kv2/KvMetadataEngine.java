package io.keygate.vault.server.kv2;

import io.keygate.vault.Page;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.SecretVault;
import io.keygate.vault.UpdateSecretRequest;
import io.keygate.vault.rbac.Action;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.GuardedVault;
import io.keygate.vault.rbac.RoleAssignments;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * KV v2 metadata over the vault: read, list, custom metadata, delete-all. RBAC first, audit of
 * every change. Blocks (JDBC): call from a worker thread.
 */
final class KvMetadataEngine {
  private final SecretVault vault;
  private final GuardedVault guarded;
  private final RoleAssignments roles;

  KvMetadataEngine(SecretVault vault, GuardedVault guarded) {
    this.vault = vault;
    this.guarded = guarded;
    this.roles = vault.roles();
  }

  /** {@code GET metadata/<path>}: the secret and all its versions. */
  JsonObject read(Actor actor, String mount, String name) {
    guarded.require(actor, Action.GET_METADATA, mount, name);
    return KvJson.secretMetadata(KvVersions.all(vault, mount, name));
  }

  /**
   * {@code LIST metadata/<prefix>}: the keys directly under {@code prefix} ({@code leaf} for a
   * secret, {@code folder/} for deeper ones) among the secrets the caller may read the metadata of;
   * 404 when there is none, as in Vault. Keygate names that are not KV paths are left out.
   */
  JsonObject list(Actor actor, String mount, List<String> prefix) {
    TreeSet<String> keys = new TreeSet<>();
    Optional<String> next = Optional.empty();
    do {
      Page<SecretProperties> page = vault.listSecrets(mount, SecretVault.MAX_PAGE_SIZE, next);
      for (SecretProperties secret : page.items()) {
        Optional<List<String>> segments = KvPath.segments(secret.name());
        if (segments.isEmpty() || !under(segments.get(), prefix)) {
          continue;
        }
        if (!roles
            .check(actor.principalSet(), Action.GET_METADATA, mount, secret.name())
            .allowed()) {
          continue;
        }
        List<String> rest = segments.get().subList(prefix.size(), segments.get().size());
        keys.add(rest.size() == 1 ? rest.get(0) : rest.get(0) + "/");
      }
      next = page.next();
    } while (next.isPresent());
    if (keys.isEmpty()) {
      throw KvError.notFound();
    }
    return new JsonObject().put("keys", new JsonArray(List.copyOf(keys)));
  }

  private static boolean under(List<String> segments, List<String> prefix) {
    if (segments.size() <= prefix.size()) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      if (!segments
          .get(i)
          .toLowerCase(Locale.ROOT)
          .equals(prefix.get(i).toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code POST metadata/<path>} of an existing secret: {@code custom_metadata}, when sent, is kept
   * as the tags of the current version (and copied to every version written through KV afterwards).
   */
  void write(Actor actor, String mount, String name, Optional<Map<String, String>> custom) {
    guarded.require(actor, Action.UPDATE, mount, name);
    List<SecretProperties> versions = KvVersions.all(vault, mount, name);
    if (custom.isEmpty()) {
      return;
    }
    SecretProperties current = versions.get(versions.size() - 1);
    guarded.updateSecret(
        actor,
        mount,
        current.name(),
        Optional.of(current.version()),
        UpdateSecretRequest.none().withTags(custom.get()));
  }

  /** {@code DELETE metadata/<path>}: every version and the metadata, for good. */
  void deleteAll(Actor actor, String mount, String name) {
    guarded.require(actor, Action.PURGE, mount, name);
    guarded.deleteSecret(actor, mount, name);
    guarded.purgeDeletedSecret(actor, mount, name);
  }
}
