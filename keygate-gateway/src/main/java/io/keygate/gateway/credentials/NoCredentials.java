package io.keygate.gateway.credentials;

import io.keygate.gateway.chain.Chain;
import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.GatewayException;
import io.keygate.gateway.chain.Step;
import io.vertx.core.Future;

/**
 * Stands in for credential resolution on a node without a secret source: an API that declares
 * {@code inject:} answers 502 {@code SecretSourceMissing} rather than reaching its upstream without
 * the credential it expects; other APIs pass through.
 */
public final class NoCredentials implements Step {
  @Override
  public Future<Void> apply(Exchange exchange, Chain chain) {
    if (InjectPlan.of(exchange.api()).isEmpty()) {
      return chain.proceed(exchange);
    }
    return Future.failedFuture(
        new GatewayException(
            502,
            "SecretSourceMissing",
            "API '"
                + exchange.api().name()
                + "' injects credentials, but this gateway node has no secret source"));
  }
}
