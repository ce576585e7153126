package io.keygate.gateway.credentials;

import java.util.Objects;

/**
 * How a gateway node caches credentials and retries a request whose credential was rotated ({@code
 * gateway.credentials} in keygate.yaml).
 *
 * @param resolver the cache: lifetime, refresh-ahead, negative caching, stale-if-error, size
 * @param retry the retry on rotation: body limit, wait for a rotating secret
 */
public record CredentialSettings(ResolverSettings resolver, RetrySettings retry) {
  public static final CredentialSettings DEFAULTS =
      new CredentialSettings(ResolverSettings.DEFAULTS, RetrySettings.DEFAULTS);

  public CredentialSettings {
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(retry, "retry");
  }
}
