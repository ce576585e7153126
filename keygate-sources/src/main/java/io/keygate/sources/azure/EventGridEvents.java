package io.keygate.sources.azure;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an Event Grid delivery (Event Grid schema or CloudEvents 1.0, one event or an array) into
 * what Keygate acts on: a subscription validation code, or Key Vault secret events mapped to the
 * vault names that {@code azure://} references use. Events of other types, or for vaults this
 * source does not know, are skipped.
 */
final class EventGridEvents {
  static final String VALIDATION = "Microsoft.EventGrid.SubscriptionValidationEvent";
  static final String NEW_VERSION = "Microsoft.KeyVault.SecretNewVersionCreated";
  static final String NEAR_EXPIRY = "Microsoft.KeyVault.SecretNearExpiry";
  static final String EXPIRED = "Microsoft.KeyVault.SecretExpired";

  private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
  private static final Pattern VERSION = Pattern.compile("[0-9a-zA-Z]{1,64}");

  /** What one delivered event asks for. */
  sealed interface Item {}

  /** The subscription handshake: answer with this code. */
  record Validation(String code) implements Item {}

  /** A secret event, already mapped to a reference's vault name. */
  record SecretChange(String type, String vault, String name, String version) implements Item {}

  private final AzureSourceOptions options;

  EventGridEvents(AzureSourceOptions options) {
    this.options = options;
  }

  /** The items of a delivery; an unusable body is an {@link IllegalArgumentException}. */
  List<Item> read(JsonNode body) {
    List<JsonNode> events = new ArrayList<>();
    if (body.isArray()) {
      body.forEach(events::add);
    } else if (body.isObject()) {
      events.add(body);
    } else {
      throw new IllegalArgumentException("an Event Grid delivery is a JSON object or array");
    }
    List<Item> items = new ArrayList<>();
    for (JsonNode event : events) {
      String type = event.path("eventType").asText(event.path("type").asText(""));
      JsonNode data = event.path("data");
      if (VALIDATION.equals(type)) {
        String code = data.path("validationCode").asText("");
        if (code.isEmpty()) {
          throw new IllegalArgumentException("a validation event carries no data.validationCode");
        }
        items.add(new Validation(code));
      } else if (NEW_VERSION.equals(type) || NEAR_EXPIRY.equals(type) || EXPIRED.equals(type)) {
        secretChange(type, data).ifPresent(items::add);
      }
    }
    return items;
  }

  private Optional<SecretChange> secretChange(String type, JsonNode data) {
    String name = data.path("ObjectName").asText("");
    String version = data.path("Version").asText("");
    if (!NAME.matcher(name).matches()
        || !(version.isEmpty() || VERSION.matcher(version).matches())) {
      return Optional.empty();
    }
    return vaultOf(data.path("Id").asText(""), data.path("VaultName").asText(""))
        .map(vault -> new SecretChange(type, vault, name, version));
  }

  /**
   * The reference vault name for an event: the configured vault whose URL the secret's id starts
   * with, else the event's vault name when it is not configured (the public cloud's naming).
   */
  private Optional<String> vaultOf(String id, String vaultName) {
    for (Map.Entry<String, URI> vault : options.vaults().entrySet()) {
      String base = vault.getValue().toString();
      base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
      if (id.regionMatches(true, 0, base + "/secrets/", 0, base.length() + 9)) {
        return Optional.of(vault.getKey());
      }
    }
    if (NAME.matcher(vaultName).matches() && !options.vaults().containsKey(vaultName)) {
      return Optional.of(vaultName);
    }
    return Optional.empty();
  }
}
