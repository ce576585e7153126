package io.keygate.gateway.auth;

import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.Identity;
import io.vertx.core.Future;

/**
 * Turns a request's credential into an {@link Identity}: an API key, a JWT. One authenticator per
 * API and method, built when the API definition is loaded.
 *
 * <p>Fails the future with a {@link io.keygate.gateway.chain.GatewayException}: 401 for a missing
 * or bad credential (with a {@code WWW-Authenticate} header where the scheme defines one), 403 for
 * a valid credential that lacks what the API requires. The message says what failed without echoing
 * the credential.
 */
@FunctionalInterface
public interface Authenticator {
  Future<Identity> authenticate(Exchange exchange);
}
