package io.keygate.app.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.app.client.AdminApiException;
import io.keygate.app.client.AdminClient;
import io.keygate.app.client.AdminUnreachableException;
import io.keygate.check.ApiKeyMetadata;
import io.keygate.check.MetadataSource;
import io.keygate.check.MetadataUnavailableException;
import io.keygate.check.SecretMetadata;
import io.keygate.check.VersionMetadata;
import io.keygate.secrets.SecretRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Metadata from a running Keygate over its admin API: the listing endpoints only (secrets,
 * versions, gateway keys), never a value. The admin API does not serve rotation data yet, so
 * rotation rules are skipped for a remote vault.
 */
final class RemoteMetadata implements MetadataSource {
  private final AdminClient api;
  private final Map<String, Map<String, String>> currentByVault = new HashMap<>();

  RemoteMetadata(AdminClient api) {
    this.api = api;
  }

  @Override
  public Optional<SecretMetadata> describe(SecretRef ref) {
    String path =
        "/v1/vaults/"
            + AdminClient.segment(ref.vault())
            + "/secrets/"
            + AdminClient.segment(ref.name())
            + "/versions";
    List<VersionMetadata> versions = new ArrayList<>();
    String[] canonical = {ref.name()};
    try {
      each(
          path,
          item -> {
            String[] id = idParts(item);
            canonical[0] = id[0];
            JsonNode a = item.path("attributes");
            Map<String, String> tags = new HashMap<>();
            item.path("tags")
                .fields()
                .forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            versions.add(
                new VersionMetadata(
                    id[1],
                    a.path("enabled").asBoolean(true),
                    seconds(a.get("nbf")),
                    seconds(a.get("exp")),
                    seconds(a.get("created")).orElse(Instant.EPOCH),
                    Optional.ofNullable(item.get("contentType")).map(JsonNode::asText),
                    tags));
          });
    } catch (AdminApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw unavailable(e);
    }
    if (versions.isEmpty()) {
      return Optional.empty();
    }
    String current =
        current(ref.vault())
            .getOrDefault(canonical[0].toLowerCase(Locale.ROOT), versions.getLast().version());
    return Optional.of(
        SecretMetadata.withoutRotation(SecretRef.of(ref.vault(), canonical[0]), current, versions));
  }

  private Map<String, String> current(String vault) {
    return currentByVault.computeIfAbsent(
        vault,
        v -> {
          Map<String, String> byName = new HashMap<>();
          each(
              "/v1/vaults/" + AdminClient.segment(v) + "/secrets",
              item -> {
                String[] id = idParts(item);
                byName.put(id[0].toLowerCase(Locale.ROOT), id[1]);
              });
          return byName;
        });
  }

  @Override
  public List<ApiKeyMetadata> apiKeys() {
    try {
      List<ApiKeyMetadata> keys = new ArrayList<>();
      for (JsonNode key : api.get("/v1/gateway/keys")) {
        keys.add(
            new ApiKeyMetadata(
                key.path("id").asText(),
                text(key, "alias"),
                key.path("policy").asText(""),
                text(key, "created").map(Instant::parse).orElse(Instant.EPOCH),
                text(key, "expires").map(Instant::parse),
                text(key, "lastUsed").map(Instant::parse),
                text(key, "revoked").isPresent()));
      }
      return keys;
    } catch (AdminApiException e) {
      if (e.status() == 404) {
        return List.of();
      }
      throw unavailable(e);
    } catch (AdminUnreachableException e) {
      throw new MetadataUnavailableException(e.getMessage(), e);
    }
  }

  private void each(String path, Consumer<JsonNode> item) {
    String next = path;
    try {
      while (next != null) {
        JsonNode page = api.get(next);
        page.path("value").forEach(item);
        JsonNode link = page.get("nextLink");
        next = link == null || link.isNull() ? null : AdminClient.pathOf(link.asText());
      }
    } catch (AdminUnreachableException e) {
      throw new MetadataUnavailableException(e.getMessage(), e);
    }
  }

  /** {@code [name, version]} from an id URL {@code .../secrets/<name>/<version>}. */
  private static String[] idParts(JsonNode item) {
    String[] segments = item.path("id").asText("").split("/");
    return new String[] {segments[segments.length - 2], segments[segments.length - 1]};
  }

  private static Optional<Instant> seconds(JsonNode node) {
    return node == null || node.isNull()
        ? Optional.empty()
        : Optional.of(Instant.ofEpochSecond(node.asLong()));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  private static MetadataUnavailableException unavailable(AdminApiException e) {
    return new MetadataUnavailableException(
        "the admin API refused the check (" + e.status() + " " + e.code() + "): " + e.getMessage(),
        e);
  }
}
