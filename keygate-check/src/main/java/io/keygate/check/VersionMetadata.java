package io.keygate.check;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The attributes of one secret version; never its value.
 *
 * @param version the version id
 * @param enabled whether it may be served
 * @param notBefore not served before this time
 * @param expires not served from this time on
 * @param created when it was created
 * @param contentType a hint such as {@code application/x-pem-file}
 * @param tags its tags
 */
public record VersionMetadata(
    String version,
    boolean enabled,
    Optional<Instant> notBefore,
    Optional<Instant> expires,
    Instant created,
    Optional<String> contentType,
    Map<String, String> tags) {
  public VersionMetadata {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(contentType, "contentType");
    tags = Map.copyOf(tags);
  }
}
