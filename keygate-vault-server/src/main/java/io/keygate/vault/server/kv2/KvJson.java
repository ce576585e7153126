package io.keygate.vault.server.kv2;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.SecretProperties;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Vault's KV v2 JSON shapes, built from Keygate's version metadata. */
final class KvJson {
  private KvJson() {}

  /** RFC 3339 in UTC, as Vault writes times; Keygate keeps whole seconds. */
  static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /**
   * When the version stopped being served: when it was disabled (KV delete), or when it expired;
   * else empty. A future expiry is not shown: Vault clients read any deletion time as "deleted".
   */
  static String deletionTime(SecretProperties version) {
    if (!version.enabled()) {
      return time(version.updated());
    }
    return version
        .expires()
        .filter(expires -> !expires.isAfter(Instant.now()))
        .map(KvJson::time)
        .orElse("");
  }

  /** The custom metadata of a secret: its current version's tags, or null when it has none. */
  static JsonObject customMetadata(Map<String, String> tags) {
    if (tags.isEmpty()) {
      return null;
    }
    JsonObject json = new JsonObject();
    tags.forEach(json::put);
    return json;
  }

  /** One version's metadata as the data and write answers carry it. */
  static JsonObject versionMetadata(SecretProperties version, int number) {
    return new JsonObject()
        .put("created_time", time(version.created()))
        .put("custom_metadata", customMetadata(version.tags()))
        .put("deletion_time", deletionTime(version))
        .put("destroyed", KvVersions.destroyed(version))
        .put("version", number);
  }

  /** The whole secret's metadata ({@code GET metadata/<path>}). */
  static JsonObject secretMetadata(List<SecretProperties> versions) {
    SecretProperties first = versions.get(0);
    SecretProperties current = versions.get(versions.size() - 1);
    JsonObject byNumber = new JsonObject();
    for (int i = 0; i < versions.size(); i++) {
      SecretProperties version = versions.get(i);
      byNumber.put(
          String.valueOf(i + 1),
          new JsonObject()
              .put("created_time", time(version.created()))
              .put("deletion_time", deletionTime(version))
              .put("destroyed", KvVersions.destroyed(version)));
    }
    return new JsonObject()
        .put("cas_required", false)
        .put("created_time", time(first.created()))
        .put("current_version", versions.size())
        .put("custom_metadata", customMetadata(current.tags()))
        .put("delete_version_after", "0s")
        .put("max_versions", 0)
        .put("oldest_version", 0)
        .put("updated_time", time(current.created()))
        .put("versions", byNumber);
  }

  /**
   * The KV data of a stored value: the value itself when it is a JSON object (what KV writes
   * store), else {@code {"value": "<text>"}} so that secrets set through Keygate's own API can be
   * read too. Parse errors are swallowed on purpose: their messages can quote the value.
   */
  static JsonObject data(SecretValue value) {
    String text = value.reveal();
    String trimmed = text.strip();
    if (trimmed.startsWith("{")) {
      try {
        return new JsonObject(trimmed);
      } catch (RuntimeException notJson) {
        // not a JSON object after all: served as text below
      }
    }
    return new JsonObject().put("value", text);
  }
}
