package io.keygate.gateway.auth;

import io.keygate.gateway.chain.Chain;
import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.Identity;
import io.keygate.gateway.chain.Step;
import io.vertx.core.Future;

/**
 * The chain step that establishes who the caller is, with the API's {@link Authenticator}, and sets
 * the exchange's identity; a missing or bad credential ends the exchange with the authenticator's
 * 401/403.
 */
public final class Authenticate implements Step {
  private final AuthenticatorFactory authenticators;

  public Authenticate(AuthenticatorFactory authenticators) {
    this.authenticators = authenticators;
  }

  @Override
  public Future<Void> apply(Exchange exchange, Chain chain) {
    Future<Identity> identity = authenticators.forApi(exchange.api()).authenticate(exchange);
    // Synchronous authenticators (API keys, keyless) complete at once: skip the composition.
    if (identity.succeeded()) {
      exchange.identity(identity.result());
      return chain.proceed(exchange);
    }
    if (identity.failed()) {
      return Future.failedFuture(identity.cause());
    }
    return identity.compose(
        who -> {
          exchange.identity(who);
          return chain.proceed(exchange);
        });
  }
}
