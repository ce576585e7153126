package io.keygate.gateway.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An immutable snapshot of one issuer's verification keys, with a ready verifier per key so that
 * the hot path builds nothing. Only public RSA and EC signing keys are kept: symmetric keys ({@code
 * oct}), private parts and encryption keys are dropped, so a JWKS can never make an HMAC "public
 * key" trusted.
 */
final class KeySet {
  static final KeySet EMPTY = new KeySet(List.of());

  /** Shorter RSA keys are factorable; no mainstream provider publishes them. */
  private static final int MIN_RSA_BITS = 2048;

  /** One usable key. */
  record Entry(String kid, JWSAlgorithm pinnedAlg, boolean rsa, JWSVerifier verifier) {
    boolean accepts(JWSAlgorithm alg) {
      if (pinnedAlg != null && !pinnedAlg.equals(alg)) {
        return false;
      }
      return rsa
          ? JWSAlgorithm.Family.RSA.contains(alg)
          : JWSAlgorithm.Family.EC.contains(alg) && !JWSAlgorithm.ES256K.equals(alg);
    }
  }

  private final List<Entry> entries;
  private final Map<String, List<Entry>> byKid;

  private KeySet(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    Map<String, List<Entry>> index = new HashMap<>();
    for (Entry e : entries) {
      if (e.kid() != null) {
        index.computeIfAbsent(e.kid(), k -> new ArrayList<>()).add(e);
      }
    }
    index.replaceAll((k, v) -> List.copyOf(v));
    this.byKid = Map.copyOf(index);
  }

  static KeySet of(JWKSet jwks) {
    List<Entry> entries = new ArrayList<>();
    for (JWK jwk : jwks.getKeys()) {
      Entry entry = entryFor(jwk);
      if (entry != null) {
        entries.add(entry);
      }
    }
    return new KeySet(entries);
  }

  /** The keys that could have signed a token with this {@code kid} (any key when it has none). */
  List<Entry> candidates(String kid, JWSAlgorithm alg) {
    List<Entry> pool = kid == null ? entries : byKid.getOrDefault(kid, List.of());
    List<Entry> out = new ArrayList<>(pool.size());
    for (Entry e : pool) {
      if (e.accepts(alg)) {
        out.add(e);
      }
    }
    return out;
  }

  boolean hasKid(String kid) {
    return byKid.containsKey(kid);
  }

  int size() {
    return entries.size();
  }

  /** The key ids, sorted: for logs when the provider rotates (key ids are public). */
  SortedSet<String> kids() {
    return new TreeSet<>(byKid.keySet());
  }

  private static Entry entryFor(JWK jwk) {
    if (KeyUse.ENCRYPTION.equals(jwk.getKeyUse())) {
      return null;
    }
    JWSAlgorithm pinned =
        jwk.getAlgorithm() == null ? null : JWSAlgorithm.parse(jwk.getAlgorithm().getName());
    try {
      if (jwk instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS) {
        return new Entry(jwk.getKeyID(), pinned, true, new RSASSAVerifier(rsa.toPublicJWK()));
      }
      if (jwk instanceof ECKey ec) {
        return new Entry(jwk.getKeyID(), pinned, false, new ECDSAVerifier(ec.toPublicJWK()));
      }
    } catch (JOSEException e) {
      // An unusable key (e.g. an unsupported curve) is skipped; the others still verify.
      return null;
    }
    return null;
  }
}
