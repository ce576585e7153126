package io.keygate.vault.server.internal.secrets;

import io.keygate.vault.DeletedSecret;
import io.keygate.vault.SecretBundle;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.VaultInfo;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * The admin API's JSON shapes, close to Azure Key Vault's: {@code id}, {@code value}, {@code
 * contentType}, {@code tags}, {@code attributes{enabled,nbf,exp,created,updated,recoveryLevel,
 * recoverableDays}} with times in Unix seconds. Only {@link #bundle} writes a value. Public so that
 * the Azure-compatible API answers in the same shapes (it rewrites the ids to its own URLs).
 */
public final class SecretJson {
  private SecretJson() {}

  /** A version with its value (the answer to a get). */
  public static JsonObject bundle(String base, SecretBundle bundle) {
    return metadata(base, bundle.properties(), true).put("value", bundle.value().reveal());
  }

  /** A version's metadata, its id naming the version. */
  public static JsonObject version(String base, SecretProperties properties) {
    return metadata(base, properties, true);
  }

  /** A list item: the secret's id without version, and its current version's metadata. */
  public static JsonObject item(String base, SecretProperties properties) {
    return metadata(base, properties, false);
  }

  public static JsonObject deleted(String base, DeletedSecret deleted) {
    SecretProperties properties = deleted.properties();
    return metadata(base, properties, false)
        .put("recoveryId", deletedSecretUrl(base, properties.vault(), properties.name()))
        .put("deletedDate", seconds(deleted.deletedDate()))
        .put("scheduledPurgeDate", seconds(deleted.scheduledPurgeDate()));
  }

  public static JsonObject vault(VaultInfo info) {
    return new JsonObject().put("name", info.name()).put("created", seconds(info.created()));
  }

  public static String secretUrl(String base, String vault, String name) {
    return base + "/v1/vaults/" + vault + "/secrets/" + name;
  }

  public static String deletedSecretUrl(String base, String vault, String name) {
    return base + "/v1/vaults/" + vault + "/deletedsecrets/" + name;
  }

  private static JsonObject metadata(String base, SecretProperties p, boolean withVersion) {
    String id = secretUrl(base, p.vault(), p.name()) + (withVersion ? "/" + p.version() : "");
    JsonObject attributes =
        new JsonObject()
            .put("enabled", p.enabled())
            .put("created", seconds(p.created()))
            .put("updated", seconds(p.updated()))
            .put("recoveryLevel", p.recoveryLevel())
            .put("recoverableDays", p.recoverableDays());
    p.notBefore().ifPresent(nbf -> attributes.put("nbf", seconds(nbf)));
    p.expires().ifPresent(exp -> attributes.put("exp", seconds(exp)));
    JsonObject json = new JsonObject().put("id", id);
    p.contentType().ifPresent(type -> json.put("contentType", type));
    json.put("tags", tags(p.tags())).put("attributes", attributes);
    if (p.managed()) {
      json.put("managed", true);
    }
    return json;
  }

  private static JsonObject tags(Map<String, String> tags) {
    JsonObject json = new JsonObject();
    tags.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(entry -> json.put(entry.getKey(), entry.getValue()));
    return json;
  }

  private static long seconds(Instant time) {
    return time.getEpochSecond();
  }
}
