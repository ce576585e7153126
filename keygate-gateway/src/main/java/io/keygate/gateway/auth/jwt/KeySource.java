package io.keygate.gateway.auth.jwt;

import io.vertx.core.Future;

/** Where one issuer's verification keys come from: inline configuration, or a cached JWKS. */
interface KeySource {
  /** The keys known now; never does I/O. */
  KeySet current();

  /**
   * Asks for fresh keys because a token named a key that is not known. May fetch (at most once per
   * minimum interval, shared by all concurrent callers) or answer the current keys at once; never
   * fails.
   */
  Future<KeySet> refetchForUnknownKey();

  /** Completes once the first load has been attempted. */
  Future<Void> ready();
}
