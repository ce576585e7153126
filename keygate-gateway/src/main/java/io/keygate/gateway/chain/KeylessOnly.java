package io.keygate.gateway.chain;

import io.vertx.core.Future;

/**
 * Stands in for authentication when a gateway runs without an API-key store: keyless APIs pass,
 * every other API is refused with 401, so a missing authenticator never opens an API.
 */
public final class KeylessOnly implements Step {
  @Override
  public Future<Void> apply(Exchange exchange, Chain chain) {
    var auth = exchange.api().auth();
    if (auth != null && Boolean.TRUE.equals(auth.keyless())) {
      return chain.proceed(exchange);
    }
    return Future.failedFuture(
        new GatewayException(
            401, "AuthenticationUnavailable", "this gateway has no authenticator for this API"));
  }
}
