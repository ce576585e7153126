package io.keygate.gateway.auth.jwt;

import io.keygate.gateway.auth.Authenticator;
import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.GatewayException;
import io.keygate.gateway.chain.Identity;
import io.keygate.gateway.config.JwtAuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;

/**
 * Authenticates callers by the bearer JWT of one of an API's accepted issuers.
 *
 * <p>The identity it returns has principals {@code user:<subject>}, {@code group:<name>} for each
 * group and app role, and {@code app:<client-id>}; the consumer is the subject; the policy is empty
 * (policies bound to principals are resolved later); the claims are the token's claims.
 */
public final class JwtAuthenticator implements Authenticator, AutoCloseable {

  private JwtAuthenticator() {}

  /**
   * Builds the authenticator for one API and starts loading its issuers' keys.
   *
   * @throws IllegalArgumentException if a configuration is invalid (the message names the field)
   */
  public static JwtAuthenticator create(
      Vertx vertx, List<JwtAuthConfig> issuers, JwksRegistry shared) {
    return new JwtAuthenticator();
  }

  /** Completes once every issuer's keys have been loaded once (or failed to load). */
  public Future<Void> ready() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Identity> authenticate(Exchange exchange) {
    return Future.failedFuture(
        new GatewayException(
            401,
            "missing_token",
            "a bearer token is required",
            Map.of("WWW-Authenticate", "Bearer")));
  }

  /** Releases this API's hold on the shared JWKS caches. */
  @Override
  public void close() {}
}
