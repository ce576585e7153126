package io.keygate.gateway.chain;

import io.vertx.core.Future;

/**
 * One step of the gateway's request chain. A step either answers the exchange itself (an error, a
 * cached response) or hands it on with {@link Chain#proceed(Exchange)}, exactly once. Steps never
 * block the event loop: anything slow returns a {@link Future} that completes later.
 *
 * <p>A step fails the returned future with a {@link GatewayException} to answer with an error; the
 * chain turns it into a JSON error response.
 */
@FunctionalInterface
public interface Step {
  Future<Void> apply(Exchange exchange, Chain chain);
}
