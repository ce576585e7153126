package io.keygate.gateway.auth.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;

/**
 * A compact JWS split and decoded, but not yet trusted: its claims only pick the issuer whose keys
 * will verify it. Header parameters that point at keys ({@code jku}, {@code x5u}, {@code jwk},
 * {@code x5c}) are never read.
 */
record ParsedToken(SignedJWT jwt, JWSAlgorithm alg, String kid, JWTClaimsSet claims) {

  /** Fails with a 401 for anything that is not a well-formed signed JWT with an allowed family. */
  static ParsedToken parse(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw BearerChallenge.invalidToken(
          countDots(token) == 4 ? "encrypted tokens are not accepted" : "malformed token");
    }
    Base64URL header = new Base64URL(token.substring(0, first));
    Base64URL payload = new Base64URL(token.substring(first + 1, second));
    Base64URL signature = new Base64URL(token.substring(second + 1));
    Map<String, Object> headerJson;
    try {
      headerJson = JSONObjectUtils.parse(header.decodeToString());
    } catch (ParseException | RuntimeException e) {
      throw BearerChallenge.invalidToken("malformed token");
    }
    Object alg = headerJson.get("alg");
    if (!(alg instanceof String name) || name.isEmpty()) {
      throw BearerChallenge.invalidToken("malformed token");
    }
    // "none" and HMAC are refused before any other parsing: no configuration can allow them.
    if (name.equalsIgnoreCase("none") || name.toUpperCase(Locale.ROOT).startsWith("HS")) {
      throw BearerChallenge.invalidToken("algorithm not allowed");
    }
    if (signature.toString().isEmpty()) {
      throw BearerChallenge.invalidToken("malformed token");
    }
    try {
      SignedJWT jwt = new SignedJWT(header, payload, signature);
      return new ParsedToken(
          jwt, jwt.getHeader().getAlgorithm(), jwt.getHeader().getKeyID(), jwt.getJWTClaimsSet());
    } catch (ParseException | RuntimeException e) {
      throw BearerChallenge.invalidToken("malformed token");
    }
  }

  private static int countDots(String token) {
    int n = 0;
    for (int i = 0; i < token.length(); i++) {
      if (token.charAt(i) == '.') {
        n++;
      }
    }
    return n;
  }
}
