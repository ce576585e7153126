package io.keygate.gateway;

import io.keygate.gateway.auth.Authenticator;
import io.keygate.gateway.config.JwtAuthConfig;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.ratelimit.QuotaLedger;
import io.keygate.secrets.SecretSource;
import java.util.List;
import java.util.function.Function;

/**
 * What the chain's security steps need from the node.
 *
 * @param keys the API-key store; null runs the gateway keyless-only (every API that is not {@code
 *     keyless: true} answers 401)
 * @param jwt builds the JWT authenticator of one API from its issuers; null while JWT is not wired
 * @param quotas the quota ledger behind rate limits and quotas; required with {@code keys}
 * @param secrets where {@code inject:} references are resolved on behalf of the caller; null
 *     forwards without injecting (an API with {@code inject:} then answers 502)
 */
public record GatewayServices(
    ApiKeys keys,
    Function<List<JwtAuthConfig>, Authenticator> jwt,
    QuotaLedger quotas,
    SecretSource secrets) {

  public GatewayServices {
    if (keys != null && quotas == null) {
      throw new IllegalArgumentException("a gateway with API keys needs a quota ledger");
    }
  }

  /** Without a secret source. */
  public GatewayServices(
      ApiKeys keys, Function<List<JwtAuthConfig>, Authenticator> jwt, QuotaLedger quotas) {
    this(keys, jwt, quotas, null);
  }

  /** No key store: only keyless APIs are served. */
  public static GatewayServices keylessOnly() {
    return new GatewayServices(null, null, null, null);
  }

  /** The same services, resolving {@code inject:} references through {@code source}. */
  public GatewayServices withSecrets(SecretSource source) {
    return new GatewayServices(keys, jwt, quotas, source);
  }
}
