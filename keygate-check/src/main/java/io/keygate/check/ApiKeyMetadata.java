package io.keygate.check;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the check needs to know about one gateway API key (never the key).
 *
 * @param id the key's public id
 * @param alias its consumer name
 * @param policy the policy it carries
 * @param created when it was created
 * @param expires when it stops being accepted
 * @param lastUsed when it was last accepted
 * @param revoked whether it is revoked (revoked keys are not checked)
 */
public record ApiKeyMetadata(
    String id,
    Optional<String> alias,
    String policy,
    Instant created,
    Optional<Instant> expires,
    Optional<Instant> lastUsed,
    boolean revoked) {
  public ApiKeyMetadata {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(lastUsed, "lastUsed");
  }

  /** {@code id (alias)} for messages. */
  public String label() {
    return alias.map(a -> id + " (" + a + ")").orElse(id);
  }
}
