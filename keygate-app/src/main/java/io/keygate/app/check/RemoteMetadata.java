package io.keygate.app.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.app.client.AdminApiException;
import io.keygate.app.client.AdminClient;
import io.keygate.app.client.AdminUnreachableException;
import io.keygate.check.ApiKeyMetadata;
import io.keygate.check.MetadataSource;
import io.keygate.check.MetadataUnavailableException;
import io.keygate.check.RotationAttempt;
import io.keygate.check.SecretMetadata;
import io.keygate.check.VersionMetadata;
import io.keygate.secrets.SecretRef;
import io.keygate.vault.rotation.RotationPolicy;
import io.keygate.vault.rotation.RotationPolicyJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Metadata from a running Keygate over its admin API: the listing endpoints only (secrets,
 * versions, gateway keys) and the rotation routes (policy, history), never a value. A node without
 * the rotation routes (404 without the rotation error code) reports no rotation data, and the
 * rotation rules then skip its secrets.
 */
final class RemoteMetadata implements MetadataSource, EvidenceSource {
  /** The rotation routes' code for a secret or vault without a policy. */
  private static final String POLICY_NOT_FOUND = "RotationPolicyNotFound";

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
    SecretRef secret = SecretRef.of(ref.vault(), canonical[0]);
    Optional<Optional<RotationPolicy>> policy = policy(ref.vault(), canonical[0]);
    if (policy.isEmpty()) {
      return Optional.of(SecretMetadata.withoutRotation(secret, current, versions));
    }
    return Optional.of(
        new SecretMetadata(
            secret,
            current,
            versions,
            true,
            policy.get().flatMap(EmbeddedMetadata::schedule),
            lastRotation(ref.vault(), canonical[0])));
  }

  /**
   * The secret's effective policy (its own, else the vault's default); empty when the node serves
   * no rotation routes, {@code Optional.of(Optional.empty())} when the secret has no policy.
   */
  private Optional<Optional<RotationPolicy>> policy(String vault, String name) {
    String base = "/v1/rotation/vaults/" + AdminClient.segment(vault);
    for (String path :
        List.of(base + "/secrets/" + AdminClient.segment(name) + "/policy", base + "/policy")) {
      try {
        return Optional.of(Optional.of(RotationPolicyJson.parse(api.get(path).toString())));
      } catch (AdminApiException e) {
        if (e.status() != 404) {
          throw unavailable(e);
        }
        if (!POLICY_NOT_FOUND.equals(e.code())) {
          return Optional.empty();
        }
      } catch (AdminUnreachableException e) {
        throw new MetadataUnavailableException(e.getMessage(), e);
      }
    }
    return Optional.of(Optional.empty());
  }

  private Optional<RotationAttempt> lastRotation(String vault, String name) {
    String path =
        "/v1/rotation/vaults/"
            + AdminClient.segment(vault)
            + "/secrets/"
            + AdminClient.segment(name)
            + "/history";
    try {
      JsonNode first = api.get(path).path("value").path(0);
      if (first.isMissingNode()) {
        return Optional.empty();
      }
      return Optional.of(
          new RotationAttempt(
              seconds(first.get("finished"))
                  .or(() -> seconds(first.get("started")))
                  .orElse(Instant.EPOCH),
              "Succeeded".equals(first.path("outcome").asText()),
              text(first, "error")));
    } catch (AdminApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw unavailable(e);
    } catch (AdminUnreachableException e) {
      throw new MetadataUnavailableException(e.getMessage(), e);
    }
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
  public Optional<Boolean> vaultExists(String vault) {
    boolean[] found = {false};
    each("/v1/vaults", item -> found[0] |= vault.equals(item.path("name").asText()));
    return Optional.of(found[0]);
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

  @Override
  public JsonNode rotationHistory(SecretMetadata secret) {
    String path =
        "/v1/rotation/vaults/"
            + AdminClient.segment(secret.ref().vault())
            + "/secrets/"
            + AdminClient.segment(secret.ref().name())
            + "/history";
    try {
      return api.get(path).path("value");
    } catch (AdminApiException | AdminUnreachableException e) {
      return AdminClient.object().put("unavailable", e.getMessage());
    }
  }

  @Override
  public JsonNode auditEntries(Collection<SecretMetadata> secrets) {
    java.util.Set<String> names = new java.util.HashSet<>();
    secrets.forEach(
        m -> names.add(m.ref().vault() + "/" + m.ref().name().toLowerCase(Locale.ROOT)));
    com.fasterxml.jackson.databind.node.ArrayNode items =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    try {
      JsonNode answer = api.get("/v1/rbac/audit?limit=1000");
      JsonNode list = answer.has("value") ? answer.get("value") : answer;
      for (JsonNode e : list) {
        String key =
            e.path("vault").asText() + "/" + e.path("name").asText().toLowerCase(Locale.ROOT);
        if (names.contains(key)) {
          items.add(e);
        }
      }
      return items;
    } catch (AdminApiException | AdminUnreachableException e) {
      return AdminClient.object().put("unavailable", e.getMessage());
    }
  }

  @Override
  public JsonNode auditChain() {
    try {
      return api.get("/v1/audit/verify");
    } catch (AdminApiException | AdminUnreachableException e) {
      return AdminClient.object().put("unavailable", e.getMessage());
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
