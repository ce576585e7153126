package io.keygate.vault.server.identity;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keygate.vault.apps.AppCredential;
import io.keygate.vault.apps.AppRegistration;
import io.keygate.vault.apps.AppRegistry;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.AuditedChange;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proves a client's identity at the token endpoint: a client secret (against the stored keyed
 * hashes) or a client assertion (a JWT signed with a registered certificate's key, whose {@code
 * aud} is this token endpoint, as RFC 7523 and MSAL make it; each {@code jti} is accepted once).
 * Failures are {@code invalid_client} with a message that says what was wrong but never which
 * secret or which part of a secret. Blocks (JDBC): call it on a worker thread.
 */
final class ClientAuthentication {
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final Duration MAX_ASSERTION_LIFETIME = Duration.ofHours(1);
  private final AppRegistry apps;
  private final ClientSecrets secrets;
  private final Clock clock;
  private final Map<String, Instant> seenAssertions = new ConcurrentHashMap<>();

  private final AuditedChange audit;

  ClientAuthentication(AppRegistry apps, ClientSecrets secrets, AuditedChange audit, Clock clock) {
    this.apps = apps;
    this.secrets = secrets;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Audits a token handed to {@code clientId} through {@code via} ({@code ISSUE_TOKEN}, naming the
   * audience); fails closed like every audited change, so no unaudited token leaves.
   */
  void audited(String clientId, String via, String audience) {
    String principal = "app:" + clientId;
    audit.record(
        new Actor(List.of(principal), principal, via, "", UUID.randomUUID().toString()),
        "ISSUE_TOKEN",
        "",
        audience.length() > 120 ? audience.substring(0, 120) : audience,
        "",
        AuditEntry.ALLOWED,
        "");
  }

  /** The client id, once its secret matches one of the app's unexpired secrets. */
  String withSecret(String clientId, String secret) {
    AppRegistration app = app(clientId);
    Instant now = clock.instant();
    boolean matched = false;
    // Every stored hash is compared, so the time taken does not tell which one matched.
    for (AppCredential credential : app.credentials()) {
      if (credential.kind() == AppCredential.Kind.SECRET
          && credential.activeAt(now)
          && secrets.matches(secret, credential.material())) {
        matched = true;
      }
    }
    if (!matched) {
      throw OAuthError.invalidClient(
          "invalid client secret for app " + clientId + " (or the secret has expired)");
    }
    return clientId;
  }

  /**
   * The client id, once the assertion is signed by one of the app's certificates and is meant for
   * {@code endpoint}.
   *
   * @param clientId the client_id parameter, if sent (it must then match the assertion)
   * @param endpoint this token endpoint's URL as the client addressed it
   */
  String withAssertion(Optional<String> clientId, String assertion, String endpoint) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(assertion);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw OAuthError.invalidClient("client_assertion is not a signed JWT");
    }
    String subject = claims.getSubject();
    if (subject == null || !subject.equals(claims.getIssuer())) {
      throw OAuthError.invalidClient(
          "client_assertion must have iss and sub equal to the client id");
    }
    if (clientId.isPresent() && !clientId.get().equals(subject)) {
      throw OAuthError.invalidClient("client_assertion is for another client than client_id");
    }
    AppRegistration app = app(subject);
    Instant now = clock.instant();
    if (!signedByACertificate(jwt, app, now)) {
      throw OAuthError.invalidClient(
          "client_assertion is not signed by a certificate registered for app " + subject);
    }
    checkAudience(claims.getAudience(), endpoint);
    checkTimes(claims, now);
    String jti = claims.getJWTID();
    if (jti == null || jti.isBlank()) {
      throw OAuthError.invalidClient("client_assertion has no jti");
    }
    seenAssertions.values().removeIf(expiry -> expiry.isBefore(now));
    Instant keepUntil = claims.getExpirationTime().toInstant().plus(TokenIssuer.SKEW);
    if (seenAssertions.putIfAbsent(subject + " " + jti, keepUntil) != null) {
      throw OAuthError.invalidClient("client_assertion was already used (jti replayed)");
    }
    return subject;
  }

  /**
   * The subject an assertion claims, read without checking its signature: only a key for the login
   * throttle, never an identity. Empty when the assertion is not a JWT.
   */
  static Optional<String> claimedSubject(String assertion) {
    try {
      return Optional.ofNullable(SignedJWT.parse(assertion).getJWTClaimsSet().getSubject());
    } catch (ParseException e) {
      return Optional.empty();
    }
  }

  private AppRegistration app(String clientId) {
    return apps.find(clientId)
        .orElseThrow(() -> OAuthError.invalidClient("app " + clientId + " is not registered"));
  }

  private static boolean signedByACertificate(SignedJWT jwt, AppRegistration app, Instant now) {
    for (AppCredential credential : app.credentials()) {
      if (credential.kind() != AppCredential.Kind.CERTIFICATE || !credential.activeAt(now)) {
        continue;
      }
      X509Certificate certificate = ClientCertificates.parse(credential.material());
      if (ClientCertificates.named(jwt, certificate)
          && ClientCertificates.signedBy(jwt, certificate)) {
        return true;
      }
    }
    return false;
  }

  private static void checkAudience(List<String> audience, String endpoint) {
    String expected = endpoint.toLowerCase(Locale.ROOT);
    if (audience == null
        || audience.stream().noneMatch(a -> a.toLowerCase(Locale.ROOT).equals(expected))) {
      throw OAuthError.invalidClient(
          "client_assertion's aud must be this token endpoint, " + endpoint);
    }
  }

  private static void checkTimes(JWTClaimsSet claims, Instant now) {
    if (claims.getExpirationTime() == null
        || !now.isBefore(claims.getExpirationTime().toInstant().plus(TokenIssuer.SKEW))) {
      throw OAuthError.invalidClient("client_assertion has expired");
    }
    if (claims.getExpirationTime().toInstant().isAfter(now.plus(MAX_ASSERTION_LIFETIME))) {
      throw OAuthError.invalidClient("client_assertion must expire within an hour");
    }
    if (claims.getNotBeforeTime() != null
        && now.plus(TokenIssuer.SKEW).isBefore(claims.getNotBeforeTime().toInstant())) {
      throw OAuthError.invalidClient("client_assertion is not valid yet");
    }
  }
}
