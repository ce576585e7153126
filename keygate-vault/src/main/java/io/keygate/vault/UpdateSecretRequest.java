package io.keygate.vault;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes to one version's attributes: only the fields present change; tags, when present, replace
 * all tags (as in Azure Key Vault). Start from {@link #none()} and add with {@code withX}.
 */
public record UpdateSecretRequest(
    Optional<Boolean> enabled,
    Optional<Instant> notBefore,
    Optional<Instant> expires,
    Optional<String> contentType,
    Optional<Map<String, String>> tags) {
  public UpdateSecretRequest {
    Objects.requireNonNull(enabled, "enabled");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(contentType, "contentType");
    tags = tags.map(Map::copyOf);
  }

  /** A request that changes nothing. */
  public static UpdateSecretRequest none() {
    return new UpdateSecretRequest(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public UpdateSecretRequest withEnabled(boolean value) {
    return new UpdateSecretRequest(Optional.of(value), notBefore, expires, contentType, tags);
  }

  public UpdateSecretRequest withNotBefore(Instant time) {
    return new UpdateSecretRequest(enabled, Optional.of(time), expires, contentType, tags);
  }

  public UpdateSecretRequest withExpires(Instant time) {
    return new UpdateSecretRequest(enabled, notBefore, Optional.of(time), contentType, tags);
  }

  public UpdateSecretRequest withContentType(String type) {
    return new UpdateSecretRequest(enabled, notBefore, expires, Optional.of(type), tags);
  }

  public UpdateSecretRequest withTags(Map<String, String> newTags) {
    return new UpdateSecretRequest(enabled, notBefore, expires, contentType, Optional.of(newTags));
  }
}
