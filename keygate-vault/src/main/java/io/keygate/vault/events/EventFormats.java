package io.keygate.vault.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * Renders log entries as Azure Event Grid events or as CloudEvents 1.0 (structured JSON mode). Both
 * carry Event Grid's Key Vault {@code data}: {@code Id, VaultName, ObjectType, ObjectName, Version,
 * NBF, EXP} (NBF and EXP as Unix seconds, or null).
 */
public final class EventFormats {
  /**
   * The prefix of event types, as in Event Grid: {@code
   * Microsoft.KeyVault.SecretNewVersionCreated}.
   */
  public static final String TYPE_PREFIX = "Microsoft.KeyVault.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventFormats() {}

  /** Event Grid schema. {@code topic} names this vault service (e.g. its admin URL). */
  public static ObjectNode eventGrid(VaultEvent event, String topic) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", event.id());
    node.put("topic", topic);
    node.put("subject", event.name());
    node.put("eventType", TYPE_PREFIX + event.type());
    node.put("eventTime", event.time().toString());
    node.set("data", data(event, topic));
    node.put("dataVersion", "1");
    node.put("metadataVersion", "1");
    return node;
  }

  /** CloudEvents 1.0, JSON format. */
  public static ObjectNode cloudEvent(VaultEvent event, String source) {
    ObjectNode node = JSON.createObjectNode();
    node.put("specversion", "1.0");
    node.put("id", event.id());
    node.put("source", source);
    node.put("type", TYPE_PREFIX + event.type());
    node.put("subject", event.name());
    node.put("time", event.time().toString());
    node.put("datacontenttype", "application/json");
    node.set("data", data(event, source));
    return node;
  }

  private static ObjectNode data(VaultEvent event, String topic) {
    ObjectNode data = JSON.createObjectNode();
    String base = topic.endsWith("/") ? topic : topic + "/";
    data.put(
        "Id",
        base
            + "vaults/"
            + event.vault()
            + "/secrets/"
            + event.name()
            + (event.version().isEmpty() ? "" : "/" + event.version()));
    data.put("VaultName", event.vault());
    data.put("ObjectType", "Secret");
    data.put("ObjectName", event.name());
    data.put("Version", event.version());
    seconds(data, "NBF", event.notBefore());
    seconds(data, "EXP", event.expires());
    return data;
  }

  private static void seconds(ObjectNode node, String field, Optional<Instant> time) {
    if (time.isPresent()) {
      node.put(field, time.get().getEpochSecond());
    } else {
      node.putNull(field);
    }
  }
}
