package io.keygate.gateway.chain;

import io.vertx.core.Future;

/** The rest of the chain, as seen from one step. */
public interface Chain {
  /** Runs the next step with {@code exchange}. A step calls this at most once. */
  Future<Void> proceed(Exchange exchange);
}
