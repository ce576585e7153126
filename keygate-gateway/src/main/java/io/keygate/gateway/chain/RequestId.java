package io.keygate.gateway.chain;

import io.vertx.core.Future;

/**
 * Carries the exchange's request id to the upstream and back to the client as {@code X-Request-Id},
 * replacing whatever the client sent under that name.
 */
public final class RequestId implements Step {
  @Override
  public Future<Void> apply(Exchange exchange, Chain chain) {
    exchange.upstreamHeaders().set(RequestIds.HEADER_NAME, exchange.requestId());
    exchange.responseHeaders().set(RequestIds.HEADER_NAME, exchange.requestId());
    return chain.proceed(exchange);
  }
}
