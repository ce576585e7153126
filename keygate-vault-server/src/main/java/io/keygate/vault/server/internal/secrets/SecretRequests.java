package io.keygate.vault.server.internal.secrets;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.UpdateSecretRequest;
import io.keygate.vault.server.ApiError;
import io.keygate.vault.server.internal.JsonBody;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the admin API's request bodies (the Azure-compatible API's too: they are the same shapes)
 * into the vault's request records, strictly.
 */
public final class SecretRequests {
  private static final Set<String> SECRET_FIELDS =
      Set.of("value", "contentType", "tags", "attributes");
  private static final Set<String> ATTRIBUTE_FIELDS = Set.of("enabled", "nbf", "exp");
  private static final Set<String> RESTORE_FIELDS = Set.of("value");
  // Year 9999: later times cannot be written as RFC 3339 and are surely a mistake.
  private static final long MAX_SECONDS = 253_402_300_799L;

  private SecretRequests() {}

  public static SetSecretRequest set(Buffer body) {
    JsonBody json = JsonBody.parse(body, SECRET_FIELDS);
    SetSecretRequest request = SetSecretRequest.of(SecretValue.of(json.requiredString("value")));
    Changes changes = Changes.read(json);
    if (changes.contentType.isPresent()) {
      request = request.withContentType(changes.contentType.get());
    }
    if (changes.tags.isPresent()) {
      request = request.withTags(changes.tags.get());
    }
    if (changes.enabled.isPresent()) {
      request = request.withEnabled(changes.enabled.get());
    }
    if (changes.notBefore.isPresent()) {
      request = request.withNotBefore(changes.notBefore.get());
    }
    if (changes.expires.isPresent()) {
      request = request.withExpires(changes.expires.get());
    }
    return request;
  }

  public static UpdateSecretRequest update(Buffer body) {
    JsonBody json = JsonBody.parse(body, SECRET_FIELDS);
    if (json.has("value")) {
      throw ApiError.badParameter(
          "field 'value' cannot be updated: set a new version with PUT instead");
    }
    Changes changes = Changes.read(json);
    return new UpdateSecretRequest(
        changes.enabled, changes.notBefore, changes.expires, changes.contentType, changes.tags);
  }

  /** The backup blob of a restore request, base64url (padding optional). */
  public static byte[] restore(Buffer body) {
    String value = JsonBody.parse(body, RESTORE_FIELDS).requiredString("value");
    try {
      return Base64.getUrlDecoder().decode(value.strip());
    } catch (IllegalArgumentException e) {
      throw ApiError.badParameter("field 'value' must be a backup blob in base64url");
    }
  }

  /** The optional fields that set and update share. */
  private record Changes(
      Optional<String> contentType,
      Optional<Map<String, String>> tags,
      Optional<Boolean> enabled,
      Optional<Instant> notBefore,
      Optional<Instant> expires) {

    static Changes read(JsonBody json) {
      Optional<JsonBody> attributes = json.optionalObject("attributes", ATTRIBUTE_FIELDS);
      return new Changes(
          json.optionalString("contentType"),
          json.optionalStringMap("tags"),
          attributes.flatMap(a -> a.optionalBoolean("enabled")),
          attributes.flatMap(a -> time(a, "nbf")),
          attributes.flatMap(a -> time(a, "exp")));
    }
  }

  private static Optional<Instant> time(JsonBody attributes, String field) {
    Optional<Long> seconds = attributes.optionalLong(field);
    if (seconds.isPresent() && (seconds.get() < 0 || seconds.get() > MAX_SECONDS)) {
      throw ApiError.badParameter(
          "field 'attributes." + field + "' must be Unix seconds between 0 and " + MAX_SECONDS);
    }
    return seconds.map(Instant::ofEpochSecond);
  }
}
