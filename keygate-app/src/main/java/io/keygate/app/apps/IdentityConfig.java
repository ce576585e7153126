package io.keygate.app.apps;

import io.keygate.gateway.config.JwtAuthConfig;
import java.util.List;

/**
 * The {@code identity:} section of {@code keygate.yaml}: Keygate's token endpoint and which other
 * OIDC issuers the vault's APIs trust. docs/AZURE-SDK.md and docs/CONFIGURATION.md describe it.
 *
 * @param tenant the tenant id clients name (default {@code keygate})
 * @param issuer the {@code iss} of Keygate's tokens (default {@code https://<admin
 *     listen>/<tenant>/v2.0})
 * @param tokenLifetime how long Keygate's tokens live (default {@code 1h}, at most {@code 1d})
 * @param trust OIDC issuers whose tokens the vault's APIs accept, configured as an API's {@code
 *     auth.jwt} issuers are (issuer, audience, discovery or jwksUri, identity mapping)
 * @param throttle limits on failed sign-ins (token endpoint, AppRole login); absent keys default
 */
public record IdentityConfig(
    String tenant,
    String issuer,
    String tokenLifetime,
    List<JwtAuthConfig> trust,
    Throttle throttle) {
  /** {@code identity.throttle}: failed sign-ins allowed per client id and per address. */
  public record Throttle(
      Integer failuresPerClient, Integer failuresPerAddress, String window, Long maximumTracked) {}
}
