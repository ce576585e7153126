package io.keygate.vault.server.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keygate.vault.server.ApiError;
import io.vertx.core.json.JsonObject;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies Keygate's own access tokens: ES256 JWTs with {@code iss} = {@link #issuer()},
 * {@code sub} = {@code azp} = {@code appid} = the client id, {@code aud} = the resource asked for,
 * {@code tid} = the tenant, {@code iat}/{@code nbf}/{@code exp} and a random {@code jti}. Tokens
 * live {@link #lifetime()} (one hour unless configured); a deleted app's tokens stop working at
 * once because {@link TokenAuthenticator} checks that the app still exists.
 */
public final class TokenIssuer {
  /** Tolerated clock difference for {@code nbf} and {@code exp}. */
  static final Duration SKEW = Duration.ofSeconds(60);

  private final IdentityKeys keys;
  private final String issuer;
  private final String tenant;
  private final Duration lifetime;
  private final Clock clock;
  private final ECDSASigner signer;
  private final ECDSAVerifier verifier;

  /**
   * @param issuer the {@code iss} of every token, e.g. {@code
   *     https://keygate.example:8443/keygate/v2.0}
   * @param tenant the tenant id clients name in their authority ({@code <authority>/<tenant>})
   */
  public TokenIssuer(
      IdentityKeys keys, String issuer, String tenant, Duration lifetime, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (!tenant.matches("[A-Za-z0-9.-]{1,64}")) {
      throw new IllegalArgumentException(
          "tenant must be 1 to 64 letters, digits, '-' or '.' (as azure-identity requires)");
    }
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("token lifetime must be between 1 second and 1 day");
    }
    try {
      this.signer = new ECDSASigner(keys.signingKey());
      this.verifier = new ECDSAVerifier(keys.signingKey().toPublicJWK());
    } catch (JOSEException e) {
      throw new IllegalStateException("the signing key is not a usable P-256 key", e);
    }
  }

  public String issuer() {
    return issuer;
  }

  public String tenant() {
    return tenant;
  }

  public Duration lifetime() {
    return lifetime;
  }

  /** A token (a serialized JWS) for {@code clientId}, valid for {@code audience}. */
  public IssuedToken issue(String clientId, String audience) {
    Instant now = clock.instant();
    Instant expires = now.plus(lifetime);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(clientId)
            .audience(audience)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(expires))
            .jwtID(UUID.randomUUID().toString())
            .claim("azp", clientId)
            .claim("appid", clientId)
            .claim("tid", tenant)
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(JOSEObjectType.JWT)
                .keyID(keys.signingKey().getKeyID())
                .build(),
            claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return new IssuedToken(jwt.serialize(), lifetime.toSeconds(), expires);
  }

  /**
   * The client id of a valid token of this issuer for one of {@code audiences}.
   *
   * @throws ApiError 401 {@code Unauthorized} saying what is wrong (never quoting the token)
   */
  String verify(SignedJWT jwt, Set<String> audiences) {
    try {
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        throw unauthorized("the token's signature is not valid");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Instant now = clock.instant();
      if (claims.getExpirationTime() == null
          || !now.isBefore(claims.getExpirationTime().toInstant().plus(SKEW))) {
        throw unauthorized("the token has expired");
      }
      if (claims.getNotBeforeTime() != null
          && now.plus(SKEW).isBefore(claims.getNotBeforeTime().toInstant())) {
        throw unauthorized("the token is not valid yet");
      }
      List<String> audience = claims.getAudience();
      if (audience == null || audience.stream().noneMatch(audiences::contains)) {
        throw unauthorized(
            "the token's audience is not accepted here; ask for a token for one of "
                + audiences.stream().sorted().toList());
      }
      String subject = claims.getSubject();
      if (subject == null || subject.isBlank()) {
        throw unauthorized("the token names no subject");
      }
      return subject;
    } catch (JOSEException | ParseException e) {
      throw unauthorized("the token is not a valid JWT");
    }
  }

  /** The public signing key as a JWK Set, for {@code /discovery/v2.0/keys}. */
  public JsonObject jwks() {
    return new JsonObject(new JWKSet(keys.signingKey().toPublicJWK()).toString(true));
  }

  static ApiError unauthorized(String message) {
    return new ApiError(401, "Unauthorized", message);
  }

  /**
   * @param token the serialized JWT
   * @param expiresIn its lifetime in seconds
   * @param expires when it expires
   */
  public record IssuedToken(String token, long expiresIn, Instant expires) {
    @Override
    public String toString() {
      return "IssuedToken[expires=" + expires + "]";
    }
  }
}
