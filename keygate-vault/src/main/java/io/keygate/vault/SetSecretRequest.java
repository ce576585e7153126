package io.keygate.vault;

import io.keygate.secrets.SecretValue;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A new secret version: its value and attributes. Start from {@link #of(SecretValue)} and change by
 * copying ({@code withX}).
 *
 * @param value the value, at most {@link VaultOptions#maxValueBytes()} bytes
 * @param enabled whether the version may be served (default true)
 * @param notBefore not served before this time
 * @param expires not served from this time on
 * @param contentType a free-form hint such as {@code text/plain}
 * @param tags at most 15; names up to 256 and values up to 256 characters
 */
public record SetSecretRequest(
    SecretValue value,
    boolean enabled,
    Optional<Instant> notBefore,
    Optional<Instant> expires,
    Optional<String> contentType,
    Map<String, String> tags) {
  public SetSecretRequest {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(contentType, "contentType");
    tags = Map.copyOf(tags);
  }

  /** An enabled version with no validity window, content type or tags. */
  public static SetSecretRequest of(SecretValue value) {
    return new SetSecretRequest(
        value, true, Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
  }

  public SetSecretRequest withEnabled(boolean newEnabled) {
    return new SetSecretRequest(value, newEnabled, notBefore, expires, contentType, tags);
  }

  public SetSecretRequest withNotBefore(Instant time) {
    return new SetSecretRequest(value, enabled, Optional.of(time), expires, contentType, tags);
  }

  public SetSecretRequest withExpires(Instant time) {
    return new SetSecretRequest(value, enabled, notBefore, Optional.of(time), contentType, tags);
  }

  public SetSecretRequest withContentType(String type) {
    return new SetSecretRequest(value, enabled, notBefore, expires, Optional.of(type), tags);
  }

  public SetSecretRequest withTags(Map<String, String> newTags) {
    return new SetSecretRequest(value, enabled, notBefore, expires, contentType, newTags);
  }

  @Override
  public String toString() {
    return "SetSecretRequest[value=[redacted], enabled="
        + enabled
        + ", notBefore="
        + notBefore
        + ", expires="
        + expires
        + ", contentType="
        + contentType
        + ", tags="
        + tags
        + "]";
  }
}
