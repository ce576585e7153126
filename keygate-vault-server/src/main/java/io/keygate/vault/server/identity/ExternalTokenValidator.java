package io.keygate.vault.server.identity;

import io.vertx.core.Future;
import java.util.List;

/**
 * Validates bearer tokens of one configured OIDC issuer (signature by its JWKS, expiry, audience,
 * as that issuer is configured). The vault server knows only this interface; the application
 * implements it with the gateway's JWT validation, so that the vault server does not depend on the
 * gateway.
 */
@FunctionalInterface
public interface ExternalTokenValidator {
  /**
   * The caller's principals ({@code user:<subject>}, {@code group:<name>}, ..., the caller first),
   * or a failed future when the token is not valid. The failure's message is shown to the client:
   * it says why (expired, wrong audience, bad signature) and never contains the token.
   */
  Future<List<String>> validate(String token);
}
