package io.keygate.gateway.auth.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a token whose signature already verified is meant for this API now: issuer,
 * audience, lifetime (with clock skew), required claims (401), then required scopes and roles
 * (403).
 */
final class ClaimsValidator {
  private final IssuerName issuer;
  private final Set<String> audiences;
  private final long skewMillis;
  private final Map<String, Object> requiredClaims;
  private final List<String> requiredScopes;
  private final List<String> requiredRoles;
  private final List<String> roleClaims;

  ClaimsValidator(
      IssuerName issuer,
      Collection<String> audiences,
      long skewMillis,
      Map<String, Object> requiredClaims,
      List<String> requiredScopes,
      List<String> requiredRoles,
      List<String> roleClaims) {
    this.issuer = issuer;
    this.audiences = Set.copyOf(audiences);
    this.skewMillis = skewMillis;
    this.requiredClaims = requiredClaims;
    this.requiredScopes = List.copyOf(requiredScopes);
    this.requiredRoles = List.copyOf(requiredRoles);
    this.roleClaims = List.copyOf(roleClaims);
  }

  void validate(JWTClaimsSet claims, long nowMillis) {
    if (!issuer.accepts(claims.getIssuer(), claims.getClaim("tid"))) {
      throw BearerChallenge.invalidToken("untrusted issuer");
    }
    if (!hasAcceptedAudience(claims.getAudience())) {
      throw BearerChallenge.invalidToken("wrong audience");
    }
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw BearerChallenge.invalidToken("token has no expiry");
    }
    if (nowMillis > exp.getTime() + skewMillis) {
      throw BearerChallenge.invalidToken("token expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nowMillis + skewMillis < nbf.getTime()) {
      throw BearerChallenge.invalidToken("token not yet valid");
    }
    Date iat = claims.getIssueTime();
    if (iat != null && iat.getTime() > nowMillis + skewMillis) {
      throw BearerChallenge.invalidToken("token issued in the future");
    }
    requiredClaims.forEach((name, expected) -> checkClaim(claims.getClaim(name), name, expected));
    if (!requiredScopes.isEmpty()) {
      Set<String> granted = scopes(claims.getClaims());
      for (String scope : requiredScopes) {
        if (!granted.contains(scope)) {
          throw BearerChallenge.insufficientScope(
              "missing scope '" + scope + "'", String.join(" ", requiredScopes));
        }
      }
    }
    if (!requiredRoles.isEmpty()) {
      Set<String> granted = new HashSet<>(ClaimMapping.values(claims.getClaims(), roleClaims));
      for (String role : requiredRoles) {
        if (!granted.contains(role)) {
          throw BearerChallenge.insufficientScope("missing role '" + role + "'", null);
        }
      }
    }
  }

  private boolean hasAcceptedAudience(List<String> tokenAudiences) {
    if (tokenAudiences == null) {
      return false;
    }
    for (String aud : tokenAudiences) {
      if (audiences.contains(aud)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Scopes from {@code scp} (Entra ID: a space-separated string; Okta: an array) and {@code scope}
   * (RFC 8693 and most others: a space-separated string).
   */
  static Set<String> scopes(Map<String, Object> claims) {
    Set<String> out = new HashSet<>();
    for (String name : List.of("scp", "scope")) {
      Object v = claims.get(name);
      if (v instanceof String s) {
        for (String part : s.split(" ")) {
          if (!part.isEmpty()) {
            out.add(part);
          }
        }
      } else if (v instanceof Collection<?> c) {
        for (Object o : c) {
          if (o instanceof String s) {
            out.add(s);
          }
        }
      }
    }
    return out;
  }

  /**
   * A required claim matches when present and, if a value is configured, equal to it. With a list
   * configured, a single-valued claim must equal one of the values (a tenant allowlist), and an
   * array claim must contain all of them.
   */
  private static void checkClaim(Object actual, String name, Object expected) {
    if (actual == null) {
      throw BearerChallenge.invalidToken("required claim '" + name + "' is missing");
    }
    if (expected == null || matches(actual, expected)) {
      return;
    }
    throw BearerChallenge.invalidToken("required claim '" + name + "' does not match");
  }

  private static boolean matches(Object actual, Object expected) {
    if (expected instanceof Collection<?> listed) {
      if (!(actual instanceof Collection<?>)) {
        return listed.stream().anyMatch(e -> scalarEquals(actual, e));
      }
      return listed.stream().allMatch(e -> matches(actual, e));
    }
    if (actual instanceof Collection<?> values) {
      for (Object v : values) {
        if (scalarEquals(v, expected)) {
          return true;
        }
      }
      return false;
    }
    return scalarEquals(actual, expected);
  }

  private static boolean scalarEquals(Object actual, Object expected) {
    return actual != null && String.valueOf(actual).equals(String.valueOf(expected));
  }
}
