package io.keygate.gateway.credentials;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link RetryOnRotation} may replay a request after the upstream refused its credential.
 *
 * @param bodyLimit the largest request body (by its {@code Content-Length}) that is buffered so it
 *     can be replayed; larger bodies, and bodies without a length (chunked), are streamed and never
 *     retried. 0 replays only requests without a body.
 * @param waitForRotation how long to wait for the new version of a secret that the source marked as
 *     rotating when the upstream refused the current one
 */
public record RetrySettings(long bodyLimit, Duration waitForRotation) {
  /** 64 KiB, 2 seconds. */
  public static final RetrySettings DEFAULTS = new RetrySettings(64 * 1024, Duration.ofSeconds(2));

  public RetrySettings {
    Objects.requireNonNull(waitForRotation, "waitForRotation");
    if (bodyLimit < 0) {
      throw new IllegalArgumentException("bodyLimit must be 0 or more, got " + bodyLimit);
    }
    if (waitForRotation.isNegative()) {
      throw new IllegalArgumentException("waitForRotation must not be negative");
    }
  }
}
