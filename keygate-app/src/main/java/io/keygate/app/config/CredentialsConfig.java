package io.keygate.app.config;

import io.keygate.gateway.config.Durations;
import io.keygate.gateway.credentials.CredentialSettings;
import io.keygate.gateway.credentials.ResolverSettings;
import io.keygate.gateway.credentials.RetrySettings;
import java.time.Duration;

/**
 * {@code gateway.credentials} in keygate.yaml: how the gateway caches the credentials it injects,
 * and how it retries a request whose credential was rotated. Every key is optional; see
 * docs/CONFIGURATION.md and docs/CREDENTIALS.md.
 *
 * @param maxAge the longest a cached value is used without asking the source again (default 5m)
 * @param refreshAt the fraction of that lifetime after which it is refreshed in the background,
 *     above 0 and at most 1 (default 0.8)
 * @param negativeTtl how long a refusal (not found, forbidden) is remembered (default 5s)
 * @param staleIfError how long past its lifetime a value keeps serving while the source fails
 *     (default 5m; 0 turns it off)
 * @param maximumSize the most cached entries (default 100000)
 * @param retry the retry after an upstream refused a rotated credential
 */
public record CredentialsConfig(
    String maxAge,
    Double refreshAt,
    String negativeTtl,
    String staleIfError,
    Long maximumSize,
    Retry retry) {

  /**
   * @param bodyLimit the largest request body, in bytes, buffered so that it can be replayed
   *     (default 65536; 0: only requests without a body are retried)
   * @param waitForRotation how long a refused request waits for the new version of a secret the
   *     source marked as rotating (default 2s; 0: no wait)
   */
  public record Retry(Long bodyLimit, String waitForRotation) {}

  /**
   * The gateway's settings, defaults where a key is absent.
   *
   * @throws ConfigException naming the key whose value is invalid
   */
  public CredentialSettings toSettings() {
    ResolverSettings d = ResolverSettings.DEFAULTS;
    double refresh = refreshAt == null ? d.refreshAt() : refreshAt;
    if (!(refresh > 0 && refresh <= 1)) {
      throw new ConfigException(
          "gateway.credentials.refreshAt must be above 0 and at most 1: got " + refresh);
    }
    long size = maximumSize == null ? d.maximumSize() : maximumSize;
    if (size < 1) {
      throw new ConfigException("gateway.credentials.maximumSize must be at least 1: got " + size);
    }
    ResolverSettings resolver =
        new ResolverSettings(
            duration("maxAge", maxAge, d.maxAge(), false),
            refresh,
            duration("negativeTtl", negativeTtl, d.negativeTtl(), false),
            duration("staleIfError", staleIfError, d.staleIfError(), true),
            size);
    RetrySettings r = RetrySettings.DEFAULTS;
    long limit = retry == null || retry.bodyLimit() == null ? r.bodyLimit() : retry.bodyLimit();
    if (limit < 0) {
      throw new ConfigException(
          "gateway.credentials.retry.bodyLimit must be 0 or more bytes: got " + limit);
    }
    Duration wait =
        duration(
            "retry.waitForRotation",
            retry == null ? null : retry.waitForRotation(),
            r.waitForRotation(),
            true);
    return new CredentialSettings(resolver, new RetrySettings(limit, wait));
  }

  private static Duration duration(String key, String text, Duration fallback, boolean zeroOk) {
    if (text == null) {
      return fallback;
    }
    if (zeroOk && text.trim().matches("0(ms|s|m|h|d)?")) {
      return Duration.ZERO;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("gateway.credentials." + key + ": " + e.getMessage());
    }
  }
}
