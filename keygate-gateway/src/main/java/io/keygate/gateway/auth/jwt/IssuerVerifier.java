package io.keygate.gateway.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import io.keygate.gateway.chain.Identity;
import io.keygate.gateway.config.Durations;
import io.keygate.gateway.config.JwtAuthConfig;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies tokens of one configured issuer: the algorithm is one the issuer allows, the signature
 * verifies with one of its keys (chosen by {@code kid} and algorithm), the claims are valid, and
 * the claims name a caller.
 */
final class IssuerVerifier {
  static final Duration DEFAULT_SKEW = Duration.ofSeconds(60);
  static final List<JWSAlgorithm> DEFAULT_ALGORITHMS =
      List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.PS256);
  private static final Set<JWSAlgorithm> SUPPORTED =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  private final IssuerName issuer;
  private final Set<JWSAlgorithm> algorithms;
  private final KeySource keys;
  private final ClaimsValidator validator;
  private final ClaimMapping mapping;
  private final long skewMillis;

  /** A token that passed every check, and what makes the result reusable until it expires. */
  record Verified(Identity identity, KeySet keys, String kid, long validUntilMillis) {}

  IssuerVerifier(
      IssuerName issuer,
      Set<JWSAlgorithm> algorithms,
      KeySource keys,
      ClaimsValidator validator,
      ClaimMapping mapping,
      long skewMillis) {
    this.issuer = issuer;
    this.skewMillis = skewMillis;
    this.algorithms = Set.copyOf(algorithms);
    this.keys = keys;
    this.validator = validator;
    this.mapping = mapping;
  }

  /**
   * Checks everything but the key source; {@code field} prefixes messages (e.g. {@code jwt[0]}).
   */
  static IssuerVerifier create(JwtAuthConfig config, String field, KeySource keys) {
    ClaimMapping mapping = ClaimMapping.from(config.identity(), field);
    Duration skew = clockSkew(config.clockSkew(), field + ".clockSkew");
    if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(field + ".clockSkew: must be between 0s and 10m");
    }
    List<String> audience = config.audience() == null ? List.of() : config.audience();
    if (audience.isEmpty() || audience.stream().anyMatch(a -> a == null || a.isBlank())) {
      throw new IllegalArgumentException(
          field + ".audience: at least one audience is required, so tokens for other APIs fail");
    }
    IssuerName name = new IssuerName(config.issuer());
    Map<String, Object> requiredClaims =
        config.requiredClaims() == null ? Map.of() : config.requiredClaims();
    name.check(field, requiredClaims.get("tid"));
    ClaimsValidator validator =
        new ClaimsValidator(
            name,
            audience,
            skew.toMillis(),
            requiredClaims,
            config.requiredScopes() == null ? List.of() : config.requiredScopes(),
            config.requiredRoles() == null ? List.of() : config.requiredRoles(),
            mapping.roles());
    return new IssuerVerifier(
        name, algorithms(config.algorithms(), field), keys, validator, mapping, skew.toMillis());
  }

  /** The definitions' duration syntax ({@code 30s}), plus {@code 0s}: no tolerance at all. */
  private static Duration clockSkew(String text, String field) {
    if (text == null || text.isBlank()) {
      return DEFAULT_SKEW;
    }
    if (text.strip().matches("0+(ms|s|m|h|d)?")) {
      return Duration.ZERO;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }

  private static Set<JWSAlgorithm> algorithms(List<String> configured, String field) {
    if (configured == null || configured.isEmpty()) {
      return Set.copyOf(DEFAULT_ALGORITHMS);
    }
    Set<JWSAlgorithm> out = new LinkedHashSet<>();
    for (String name : configured) {
      JWSAlgorithm alg = JWSAlgorithm.parse(name == null ? "" : name.strip());
      if (!SUPPORTED.contains(alg)) {
        throw new IllegalArgumentException(
            field
                + ".algorithms: '"
                + name
                + "' is not allowed (RS256/384/512, PS256/384/512, ES256/384/512; never none or HMAC)");
      }
      out.add(alg);
    }
    return out;
  }

  IssuerName issuer() {
    return issuer;
  }

  KeySource keys() {
    return keys;
  }

  /**
   * Verifies and maps the token. Completes at once when the key is cached; waits for one shared,
   * rate-limited JWKS refetch when the token names a key not seen yet.
   */
  Future<Verified> verify(ParsedToken token) {
    if (!algorithms.contains(token.alg())) {
      return Future.failedFuture(BearerChallenge.invalidToken("algorithm not allowed"));
    }
    KeySet known = keys.current();
    List<KeySet.Entry> candidates = known.candidates(token.kid(), token.alg());
    if (!candidates.isEmpty()) {
      return complete(token, known, candidates);
    }
    if (token.kid() != null && known.hasKid(token.kid())) {
      return Future.failedFuture(
          BearerChallenge.invalidToken("algorithm does not match the signing key"));
    }
    return keys.refetchForUnknownKey()
        .compose(
            fresh -> {
              List<KeySet.Entry> retry = fresh.candidates(token.kid(), token.alg());
              return retry.isEmpty()
                  ? Future.failedFuture(BearerChallenge.invalidToken("unknown signing key"))
                  : complete(token, fresh, retry);
            });
  }

  private Future<Verified> complete(
      ParsedToken token, KeySet keySet, List<KeySet.Entry> candidates) {
    try {
      checkSignature(token, candidates);
      validator.validate(token.claims(), System.currentTimeMillis());
      Identity identity = mapping.identity(token.claims().toJSONObject());
      long validUntil = token.claims().getExpirationTime().getTime() + skewMillis;
      return Future.succeededFuture(new Verified(identity, keySet, token.kid(), validUntil));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static void checkSignature(ParsedToken token, List<KeySet.Entry> candidates) {
    for (KeySet.Entry key : candidates) {
      try {
        if (token.jwt().verify(key.verifier())) {
          return;
        }
      } catch (JOSEException | IllegalStateException e) {
        // Treated as a mismatch: the next candidate may still verify.
      }
    }
    throw BearerChallenge.invalidToken("bad signature");
  }
}
