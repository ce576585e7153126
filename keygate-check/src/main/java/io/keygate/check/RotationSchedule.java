package io.keygate.check;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When a secret's rotation policy rotates it, reduced to what the check compares.
 *
 * @param every rotate this long after the current version was created ({@code timeAfterCreate})
 * @param beforeExpiry rotate this long before the current version expires ({@code
 *     timeBeforeExpiry})
 * @param versionLifetime the lifetime the policy gives each new version ({@code expiryTime})
 */
public record RotationSchedule(
    Optional<Duration> every, Optional<Duration> beforeExpiry, Optional<Duration> versionLifetime) {
  public RotationSchedule {
    Objects.requireNonNull(every, "every");
    Objects.requireNonNull(beforeExpiry, "beforeExpiry");
    Objects.requireNonNull(versionLifetime, "versionLifetime");
  }

  /** A policy that rotates a fixed time after each version's creation. */
  public static RotationSchedule every(Duration period) {
    return new RotationSchedule(Optional.of(period), Optional.empty(), Optional.empty());
  }

  /**
   * The longest a version stays current under this policy: {@code every}, else the version lifetime
   * minus the lead before expiry; empty when the policy never rotates by itself.
   */
  public Optional<Duration> period() {
    if (every.isPresent()) {
      return every;
    }
    if (versionLifetime.isPresent() && beforeExpiry.isPresent()) {
      return Optional.of(versionLifetime.get().minus(beforeExpiry.get()));
    }
    return Optional.empty();
  }
}
