package io.keygate.gateway.auth.jwt;

import java.time.Duration;

/**
 * Node-wide knobs of JWT authentication, shared by every issuer of every API.
 *
 * @param maxTokenBytes tokens longer than this are refused before any parsing
 * @param defaultJwksLifetime how long a JWKS is trusted when the provider sends no {@code
 *     Cache-Control: max-age}
 * @param minRefetchInterval the least time between two fetches of one issuer's JWKS, so that tokens
 *     with unknown {@code kid}s cannot make the gateway hammer the provider
 * @param fetchTimeout how long a discovery or JWKS request may take
 * @param maxDocumentBytes discovery documents and JWKS larger than this are refused
 * @param retryAfterFailure how soon a failed background refresh is retried (cached keys keep
 *     working meanwhile)
 * @param verifiedTokenCacheSize how many verified tokens each API remembers until they expire, so a
 *     token used again is not parsed and verified again; 0 turns the cache off
 */
public record JwtSettings(
    int maxTokenBytes,
    Duration defaultJwksLifetime,
    Duration minRefetchInterval,
    Duration fetchTimeout,
    int maxDocumentBytes,
    Duration retryAfterFailure,
    int verifiedTokenCacheSize) {

  public static final JwtSettings DEFAULTS =
      new JwtSettings(
          16 * 1024,
          Duration.ofMinutes(10),
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          512 * 1024,
          Duration.ofSeconds(30),
          10_000);

  public JwtSettings {
    if (maxTokenBytes <= 0 || maxDocumentBytes <= 0) {
      throw new IllegalArgumentException("size limits must be positive");
    }
    if (verifiedTokenCacheSize < 0) {
      throw new IllegalArgumentException("verifiedTokenCacheSize must not be negative");
    }
    requirePositive(defaultJwksLifetime, "defaultJwksLifetime");
    requirePositive(minRefetchInterval, "minRefetchInterval");
    requirePositive(fetchTimeout, "fetchTimeout");
    requirePositive(retryAfterFailure, "retryAfterFailure");
  }

  public JwtSettings withMinRefetchInterval(Duration interval) {
    return new JwtSettings(
        maxTokenBytes,
        defaultJwksLifetime,
        interval,
        fetchTimeout,
        maxDocumentBytes,
        retryAfterFailure,
        verifiedTokenCacheSize);
  }

  public JwtSettings withMaxTokenBytes(int bytes) {
    return new JwtSettings(
        bytes,
        defaultJwksLifetime,
        minRefetchInterval,
        fetchTimeout,
        maxDocumentBytes,
        retryAfterFailure,
        verifiedTokenCacheSize);
  }

  public JwtSettings withVerifiedTokenCacheSize(int entries) {
    return new JwtSettings(
        maxTokenBytes,
        defaultJwksLifetime,
        minRefetchInterval,
        fetchTimeout,
        maxDocumentBytes,
        retryAfterFailure,
        entries);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
