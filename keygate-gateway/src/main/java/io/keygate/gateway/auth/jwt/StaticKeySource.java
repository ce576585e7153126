package io.keygate.gateway.auth.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

/** Keys written inline in the API definition: nothing to fetch, nothing to refresh. */
final class StaticKeySource implements KeySource {
  private final KeySet keys;

  private StaticKeySource(KeySet keys) {
    this.keys = keys;
  }

  /** No keys: for checking a configuration before any key source exists. */
  static StaticKeySource none() {
    return new StaticKeySource(KeySet.EMPTY);
  }

  static StaticKeySource of(List<Map<String, Object>> jwks, String field) {
    KeySet keys;
    try {
      keys = KeySet.of(JWKSet.parse(Map.of("keys", jwks)));
    } catch (ParseException | RuntimeException e) {
      throw new IllegalArgumentException(field + ": not valid JWKs: " + e.getMessage());
    }
    if (keys.size() == 0) {
      throw new IllegalArgumentException(field + ": no public RSA or EC signing key");
    }
    return new StaticKeySource(keys);
  }

  @Override
  public KeySet current() {
    return keys;
  }

  @Override
  public Future<KeySet> refetchForUnknownKey() {
    return Future.succeededFuture(keys);
  }

  @Override
  public Future<Void> ready() {
    return Future.succeededFuture();
  }
}
