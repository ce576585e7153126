package io.keygate.gateway.credentials;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a {@link SecretResolver} trusts values.
 *
 * @param maxAge the longest an entry is used without asking the source again
 * @param refreshAt the fraction of an entry's lifetime after which it is refreshed in the
 *     background (0 &lt; refreshAt &lt;= 1)
 * @param negativeTtl how long a refusal is remembered
 * @param staleIfError how long past its lifetime a value serves while the source fails
 * @param maximumSize the most entries kept
 */
public record ResolverSettings(
    Duration maxAge,
    double refreshAt,
    Duration negativeTtl,
    Duration staleIfError,
    long maximumSize) {
  public static final ResolverSettings DEFAULTS =
      new ResolverSettings(
          Duration.ofMinutes(5), 0.8, Duration.ofSeconds(5), Duration.ofMinutes(5), 100_000);

  public ResolverSettings {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(negativeTtl, "negativeTtl");
    Objects.requireNonNull(staleIfError, "staleIfError");
    if (!(refreshAt > 0 && refreshAt <= 1)) {
      throw new IllegalArgumentException("refreshAt must be in (0, 1], got " + refreshAt);
    }
  }

  public ResolverSettings withStaleIfError(Duration window) {
    return new ResolverSettings(maxAge, refreshAt, negativeTtl, window, maximumSize);
  }

  public ResolverSettings withMaxAge(Duration age) {
    return new ResolverSettings(age, refreshAt, negativeTtl, staleIfError, maximumSize);
  }
}
