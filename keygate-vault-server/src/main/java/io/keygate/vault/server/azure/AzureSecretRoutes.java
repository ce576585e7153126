package io.keygate.vault.server.azure;

import io.keygate.vault.DeletedSecret;
import io.keygate.vault.Page;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.SecretVault;
import io.keygate.vault.rbac.Action;
import io.keygate.vault.rbac.GuardedVault;
import io.keygate.vault.server.ApiError;
import io.keygate.vault.server.internal.secrets.Paging;
import io.keygate.vault.server.internal.secrets.SecretJson;
import io.keygate.vault.server.internal.secrets.SecretRequests;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The secrets operations of Azure Key Vault's REST API, on one Keygate vault: set, get (latest, by
 * version, with or without a trailing slash), list and list versions (paged), update, delete,
 * deleted secrets (get, list, recover, purge), backup and restore. Each is checked by RBAC for the
 * caller, exactly as on the native API, and answered in the native API's (Azure-shaped) JSON with
 * Azure's ids.
 */
final class AzureSecretRoutes {
  private final SecretVault vault;
  private final GuardedVault guarded;

  AzureSecretRoutes(SecretVault vault) {
    this.vault = vault;
    this.guarded = new GuardedVault(vault);
  }

  /** The work for {@code request} (run on a worker thread), or a 404/405 when there is none. */
  Callable<Answer> route(AzureRequest r) {
    HttpMethod method = r.method();
    int size = r.size();
    if (size == 0) {
      throw ApiError.notFound("no such endpoint: " + method + " " + r.ctx().request().path());
    }
    String collection = r.segment(0);
    if (collection.equals("secrets")) {
      if (size == 1 && method == HttpMethod.GET) {
        return () -> list(r);
      }
      if (size == 2 && r.segment(1).equals("restore") && method == HttpMethod.POST) {
        byte[] blob = SecretRequests.restore(r.ctx().body().buffer());
        return () -> restore(r, blob);
      }
      if (size == 2) {
        String name = r.segment(1);
        if (method == HttpMethod.PUT) {
          var request = SecretRequests.set(r.ctx().body().buffer());
          return () -> ok(version(r, guarded.setSecret(r.actor(), r.vault(), name, request)));
        }
        if (method == HttpMethod.GET) {
          return () -> get(r, name, Optional.empty());
        }
        if (method == HttpMethod.PATCH) {
          return update(r, name, Optional.empty());
        }
        if (method == HttpMethod.DELETE) {
          return () -> ok(deleted(r, guarded.deleteSecret(r.actor(), r.vault(), name), true));
        }
      }
      if (size == 3) {
        String name = r.segment(1);
        String third = r.segment(2);
        if (third.equals("versions") && method == HttpMethod.GET) {
          return () -> versions(r, name);
        }
        if (third.equals("backup") && method == HttpMethod.POST) {
          return () -> backup(r, name);
        }
        if (method == HttpMethod.GET) {
          return () -> get(r, name, Optional.of(third));
        }
        if (method == HttpMethod.PATCH) {
          return update(r, name, Optional.of(third));
        }
      }
    } else if (collection.equals("deletedsecrets")) {
      if (size == 1 && method == HttpMethod.GET) {
        return () -> listDeleted(r);
      }
      if (size == 2 && method == HttpMethod.GET) {
        String name = r.segment(1);
        return () -> {
          guarded.require(r.actor(), Action.GET_METADATA, r.vault(), name);
          return ok(deleted(r, vault.getDeletedSecret(r.vault(), name), true));
        };
      }
      if (size == 2 && method == HttpMethod.DELETE) {
        String name = r.segment(1);
        return () -> {
          guarded.purgeDeletedSecret(r.actor(), r.vault(), name);
          return new Answer(204, null);
        };
      }
      if (size == 3 && r.segment(2).equals("recover") && method == HttpMethod.POST) {
        String name = r.segment(1);
        return () -> ok(version(r, guarded.recoverDeletedSecret(r.actor(), r.vault(), name)));
      }
    }
    throw ApiError.notFound("no such endpoint: " + method + " " + r.ctx().request().path());
  }

  private Answer get(AzureRequest r, String name, Optional<String> version) {
    return ok(
        guarded.readValue(
            r.actor(),
            r.vault(),
            name,
            version,
            bundle ->
                withId(
                    SecretJson.bundle(r.vaultUrl(), bundle),
                    r.secretId(bundle.properties().name(), bundle.properties().version()))));
  }

  private Callable<Answer> update(AzureRequest r, String name, Optional<String> version) {
    var request = SecretRequests.update(r.ctx().body().buffer());
    return () -> ok(version(r, guarded.updateSecret(r.actor(), r.vault(), name, version, request)));
  }

  private Answer list(AzureRequest r) {
    Paging paging = Paging.of(r.ctx());
    guarded.require(r.actor(), Action.GET_METADATA, r.vault(), null);
    Page<SecretProperties> page =
        vault.listSecrets(r.vault(), paging.maxResults(), paging.skipToken());
    return page(r, paging.toJson(r.ctx(), r.vaultUrl(), page, p -> item(r, p)));
  }

  private Answer versions(AzureRequest r, String name) {
    Paging paging = Paging.of(r.ctx());
    guarded.require(r.actor(), Action.GET_METADATA, r.vault(), name);
    Page<SecretProperties> page =
        vault.listVersions(r.vault(), name, paging.maxResults(), paging.skipToken());
    return page(r, paging.toJson(r.ctx(), r.vaultUrl(), page, p -> version(r, p)));
  }

  private Answer listDeleted(AzureRequest r) {
    Paging paging = Paging.of(r.ctx());
    guarded.require(r.actor(), Action.GET_METADATA, r.vault(), null);
    Page<DeletedSecret> page =
        vault.listDeletedSecrets(r.vault(), paging.maxResults(), paging.skipToken());
    return page(r, paging.toJson(r.ctx(), r.vaultUrl(), page, d -> deleted(r, d, false)));
  }

  private Answer backup(AzureRequest r, String name) {
    byte[] blob = guarded.backupSecret(r.actor(), r.vault(), name);
    return ok(
        new JsonObject()
            .put("value", Base64.getUrlEncoder().withoutPadding().encodeToString(blob)));
  }

  private Answer restore(AzureRequest r, byte[] blob) {
    return ok(version(r, guarded.restoreSecret(r.actor(), r.vault(), blob)));
  }

  private static JsonObject version(AzureRequest r, SecretProperties p) {
    return withId(SecretJson.version(r.vaultUrl(), p), r.secretId(p.name(), p.version()));
  }

  private static JsonObject item(AzureRequest r, SecretProperties p) {
    return withId(SecretJson.item(r.vaultUrl(), p), r.secretId(p.name(), null));
  }

  /** A deleted secret: its bundle form (from delete and get) names the version, as Azure's. */
  private static JsonObject deleted(AzureRequest r, DeletedSecret d, boolean bundle) {
    SecretProperties p = d.properties();
    return withId(
            SecretJson.deleted(r.vaultUrl(), d), r.secretId(p.name(), bundle ? p.version() : null))
        .put("recoveryId", r.recoveryId(p.name()));
  }

  private static JsonObject withId(JsonObject json, String id) {
    return json.put("id", id);
  }

  /** Azure's next links carry the api-version; the SDK follows them as they are. */
  private static Answer page(AzureRequest r, JsonObject json) {
    String next = json.getString("nextLink");
    if (next != null) {
      json.put("nextLink", next + "&api-version=" + r.apiVersion());
    }
    return ok(json);
  }

  private static Answer ok(JsonObject json) {
    return new Answer(200, json);
  }

  /** A status and a JSON body (none for 204). */
  record Answer(int status, JsonObject body) {}
}
