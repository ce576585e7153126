package io.keygate.sources.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.secrets.SecretEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Turns one server-sent event of the remote's {@code /v1/events} (Event Grid schema, Key Vault
 * {@code data}) into a {@link SecretEvent}, or nothing for types a gateway has no use for.
 */
final class RemoteEvents {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "Microsoft.KeyVault.";

  private RemoteEvents() {}

  static Optional<SecretEvent> parse(String type, String data, Instant now) {
    if ("reset".equals(type)) {
      return Optional.of(new SecretEvent(SecretEvent.Type.RESYNC, "", "", "", now));
    }
    if (type == null || !type.startsWith(PREFIX)) {
      return Optional.empty();
    }
    SecretEvent.Type mapped =
        switch (type.substring(PREFIX.length())) {
          case "SecretNewVersionCreated" -> SecretEvent.Type.NEW_VERSION;
          case "SecretRotating" -> SecretEvent.Type.ROTATING;
          case "SecretRotationFailed" -> SecretEvent.Type.ROTATION_FAILED;
          case "SecretDisabled" -> SecretEvent.Type.DISABLED;
          case "SecretDeleted" -> SecretEvent.Type.DELETED;
          case "SecretNearExpiry" -> SecretEvent.Type.NEAR_EXPIRY;
          case "SecretExpired" -> SecretEvent.Type.EXPIRED;
          default -> null;
        };
    if (mapped == null) {
      return Optional.empty();
    }
    JsonNode event;
    try {
      event = JSON.readTree(data);
    } catch (IOException e) {
      return Optional.empty();
    }
    JsonNode body = event.path("data");
    String vault = body.path("VaultName").asText("");
    String name = body.path("ObjectName").asText("");
    if (vault.isEmpty() || name.isEmpty()) {
      // An event that names nothing cannot be scoped: treat it as "revalidate everything".
      return Optional.of(new SecretEvent(SecretEvent.Type.RESYNC, "", "", "", now));
    }
    Instant at = now;
    try {
      at = Instant.parse(event.path("eventTime").asText(""));
    } catch (DateTimeParseException e) {
      // keep the arrival time
    }
    return Optional.of(new SecretEvent(mapped, vault, name, body.path("Version").asText(""), at));
  }
}
