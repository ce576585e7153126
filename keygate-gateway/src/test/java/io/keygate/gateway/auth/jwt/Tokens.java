package io.keygate.gateway.auth.jwt;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** Signs test tokens with keys the test owns (for rotation, attackers, and ES256). */
final class Tokens {
  private Tokens() {}

  private static final java.util.Map<String, RSAKey> RSA_KEYS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * An RSA key named {@code kid}, generated once per test run: 2048-bit generation takes most of a
   * second on a busy machine, and no test needs a key nobody else has seen.
   */
  static RSAKey rsaKey(String kid) {
    return RSA_KEYS.computeIfAbsent(
        kid,
        k -> {
          try {
            return new RSAKeyGenerator(2048).keyID(k).generate();
          } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  static ECKey ecKey(String kid) throws Exception {
    return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
  }

  static JWTClaimsSet claims(String issuer, String audience, String subject) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(audience)
        .subject(subject)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(3600)))
        .build();
  }

  /** Signs with {@code key}, naming {@code key}'s kid, with RS256 or ES256 as fits the key. */
  static String sign(JWK key, JWTClaimsSet claims) throws Exception {
    return sign(key, new JWSHeader.Builder(algFor(key)).keyID(key.getKeyID()), claims);
  }

  static String sign(JWK key, JWSHeader.Builder header, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(header.type(JOSEObjectType.JWT).build(), claims);
    if (key instanceof RSAKey rsa) {
      jwt.sign(new RSASSASigner(rsa));
    } else {
      jwt.sign(new ECDSASigner((ECKey) key));
    }
    return jwt.serialize();
  }

  static JWSAlgorithm algFor(JWK key) {
    return key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
  }

  /** An unsecured JWT ({@code alg: none}) with these claims and an empty signature. */
  static String unsecured(Map<String, Object> claims) {
    return Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")
        + "."
        + Base64URL.encode(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(claims))
        + ".";
  }
}
