package io.keygate.gateway.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keygate.gateway.config.JwtAuthConfig;
import java.net.InetAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Forged, malformed, oversize and misdirected tokens, and provider outages: never a 500. */
class JwtAttacksTest extends OidcTestSupport {
  @Test
  void unsecuredAlgNoneToken_isRefused() throws Exception {
    use(config());
    String token =
        Tokens.unsecured(Map.of("iss", issuer, "aud", AUD, "sub", "admin", "exp", now() + 3600));
    assertInvalidToken(server.bearer(token), "algorithm not allowed");
  }

  @Test
  void rs256TokenResignedAsHs256WithThePublicKeyAsSecret_isRefused() throws Exception {
    use(config());
    SignedJWT original = SignedJWT.parse(token(Map.of("sub", "admin")));
    byte[] secret = providerPublicKey().toRSAPublicKey().getEncoded();
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(original.getHeader().getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            original.getJWTClaimsSet());
    forged.sign(new MACSigner(secret));

    assertInvalidToken(server.bearer(forged.serialize()), "algorithm not allowed");
  }

  @Test
  void hmacOrNoneInTheConfiguredAlgorithms_isAConfigurationError() {
    for (String alg : List.of("HS256", "none")) {
      JwtAuthConfig bad =
          config(new Variation(null, null, List.of("RS256", alg), null, null, null));
      assertThatThrownBy(() -> JwtAuthenticator.create(vertx, List.of(bad), registry))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("jwt[0].algorithms: '" + alg + "' is not allowed");
    }
  }

  @Test
  void algorithmNotConfiguredForTheIssuer_isRefused() throws Exception {
    use(config(new Variation(null, null, List.of("ES256"), null, null, null)));
    assertInvalidToken(server.bearer(token(Map.of())), "algorithm not allowed");
  }

  @Test
  void tokenNamingAKidThatIsNotInTheJwks_isRefusedAsUnknownKey() throws Exception {
    use(config());
    RSAKey stranger = Tokens.rsaKey("not-in-jwks");
    assertInvalidToken(
        server.bearer(Tokens.sign(stranger, Tokens.claims(issuer, AUD, "user-1"))),
        "unknown signing key");
  }

  @Test
  void tamperedPayload_isRefusedAsBadSignature() throws Exception {
    use(config());
    String[] parts = token(Map.of()).split("\\.");
    String forgedPayload =
        Base64URL.encode(
                JWTClaimsSet.parse(new Base64URL(parts[1]).decodeToString())
                    .toString()
                    .replace("user-1", "admin"))
            .toString();
    assertInvalidToken(
        server.bearer(parts[0] + "." + forgedPayload + "." + parts[2]), "bad signature");
  }

  @Test
  void jkuAndEmbeddedJwkHeaders_areNeverFetchedNorTrusted() throws Exception {
    use(config());
    RSAKey attacker = Tokens.rsaKey("attacker");
    try (JwksServer attackerJwks = JwksServer.start(vertx, attacker)) {
      JWTClaimsSet claims = Tokens.claims(issuer, AUD, "admin");
      URI attackerUrl = URI.create(attackerJwks.url());
      JWSHeader.Builder rs256 = new JWSHeader.Builder(JWSAlgorithm.RS256);
      String viaJku = Tokens.sign(attacker, rs256.keyID("attacker").jwkURL(attackerUrl), claims);
      String viaX5u = Tokens.sign(attacker, rs256.jwkURL(null).x509CertURL(attackerUrl), claims);
      // Names the provider's real kid but embeds the attacker's key.
      String viaJwk =
          Tokens.sign(
              attacker,
              rs256.x509CertURL(null).keyID("default").jwk(attacker.toPublicJWK()),
              claims);

      assertInvalidToken(server.bearer(viaJku), "unknown signing key");
      assertInvalidToken(server.bearer(viaX5u), "unknown signing key");
      assertInvalidToken(server.bearer(viaJwk), "bad signature");
      assertThat(attackerJwks.requests()).isZero();
    }
  }

  @Test
  void oversizeToken_isRefusedBeforeParsing() throws Exception {
    use(config());
    String big = token(Map.of("padding", "x".repeat(20_000)));
    assertInvalidToken(server.bearer(big), "token too large");
    assertInvalidToken(server.bearer("a".repeat(17_000)), "token too large");
  }

  @Test
  void malformedTokens_are401NeverA500() throws Exception {
    use(config());
    String valid = token(Map.of());
    String[] parts = valid.split("\\.");
    Map<String, String> cases = new HashMap<>();
    cases.put("garbage", "malformed token");
    cases.put("a.b", "malformed token");
    cases.put("a.b.c", "malformed token");
    cases.put("....", "encrypted tokens are not accepted");
    cases.put(".." + parts[2], "malformed token");
    cases.put(parts[0] + ".%%%." + parts[2], "malformed token");
    cases.put(parts[0] + "." + parts[1] + ".", "malformed token");
    cases.put(Base64URL.encode("[1,2]") + "." + parts[1] + "." + parts[2], "malformed token");
    cases.put(
        Base64URL.encode("{\"alg\":\"RS256\"}") + "." + Base64URL.encode("not json") + ".c2ln",
        "malformed token");
    cases.put(
        Base64URL.encode("{\"alg\":\"RS256\"}")
            + "."
            + Base64URL.encode("{\"iss\":" + "[".repeat(5000) + "}")
            + ".c2ln",
        "malformed token");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      assertInvalidToken(server.bearer(c.getKey()), c.getValue());
    }
  }

  @Test
  void missingOrNonBearerCredential_getsABareBearerChallenge() throws Exception {
    use(config());
    for (AuthServer.Response r :
        List.of(server.call(), server.call("Basic dXNlcjpwdw=="), server.call("Bearer "))) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.errorCode()).isEqualTo("MissingToken");
      assertThat(r.errorMessage()).isEqualTo("a bearer token is required");
      assertThat(r.challenge()).isEqualTo("Bearer realm=\"keygate\"");
    }
  }

  @Test
  void twoAuthorizationHeaders_areAnInvalidRequest() throws Exception {
    use(config());
    String token = token(Map.of());
    AuthServer.Response r = server.call("Bearer " + token, "Bearer " + token);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("InvalidRequest");
    assertThat(r.errorMessage()).isEqualTo("more than one Authorization header");
  }

  @Test
  void providerDownAfterStart_cachedKeysKeepWorking() throws Exception {
    MockOAuth2Server provider = new MockOAuth2Server();
    provider.start(InetAddress.getByName("127.0.0.1"), 0);
    String iss = provider.issuerUrl("default").toString();
    JwtAuthConfig c =
        new JwtAuthConfig(iss, null, List.of(AUD), null, null, null, null, null, null);
    auth = JwtAuthenticator.create(vertx, List.of(c), registry);
    await(auth.ready());
    server.use(auth);
    Map<String, Object> claims = Map.of("iss", iss, "aud", AUD, "sub", "user-1");
    assertThat(
            server.bearer(provider.getConfig().getTokenProvider().jwt(claims).serialize()).status())
        .isEqualTo(200);

    provider.shutdown();

    String minted = provider.getConfig().getTokenProvider().jwt(claims).serialize();
    assertThat(server.bearer(minted).status()).isEqualTo(200);
    assertInvalidToken(
        server.bearer(Tokens.sign(Tokens.rsaKey("new"), Tokens.claims(iss, AUD, "u"))),
        "unknown signing key");
    assertThat(server.bearer(minted).status()).isEqualTo(200);
  }

  @Test
  void configurationErrors_nameTheField() {
    assertConfigError(
        "jwt[0].audience: at least one audience is required, so tokens for other APIs fail",
        new JwtAuthConfig(issuer, null, List.of(), null, null, null, null, null, null));
    assertConfigError(
        "jwt[1].jwksUri: must be https (http only on loopback): 'http://idp.example.com/keys'",
        config(),
        new JwtAuthConfig(
            "https://idp.example.com",
            "http://idp.example.com/keys",
            List.of(AUD),
            null,
            null,
            null,
            null,
            null,
            null));
    assertConfigError(
        "jwt[0].clockSkew: 'forever' is not a duration; write a number and a unit: 250ms, 5s, 1m,"
            + " 1h, 30d",
        config(new Variation("forever", null, null, null, null, null)));
    assertConfigError(
        "jwt[0].identity.preset: unknown preset 'keycloak' (entra, entra-v1, okta, generic)",
        config(new Variation(null, "keycloak", null, null, null, null)));
    assertConfigError("jwt[1].issuer: '" + issuer + "' is listed twice", config(), config());
  }

  @Test
  void tokens_neverAppearInAnswersOrLogs() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    try {
      use(config(new Variation(null, null, null, List.of("payments.read"), null, null)));
      String valid = token(Map.of("scp", "payments.read"));
      String[] parts = valid.split("\\.");
      List<String> tokens =
          List.of(
              valid,
              token(Map.of("exp", now() - 600)),
              token(Map.of("aud", "api://elsewhere")),
              token(Map.of()),
              parts[0] + "." + parts[1] + "." + parts[2].substring(0, 40),
              Tokens.sign(Tokens.rsaKey("unknown-kid"), Tokens.claims(issuer, AUD, "x")));
      for (String token : tokens) {
        AuthServer.Response r = server.bearer(token);
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertThat(r.body().encode()).doesNotContain(signature);
        assertThat(String.valueOf(r.challenge())).doesNotContain(signature);
      }
      for (ILoggingEvent event : logs.list) {
        for (String token : tokens) {
          assertThat(event.getFormattedMessage())
              .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        }
      }
    } finally {
      root.detachAppender(logs);
    }
  }

  static void assertConfigError(String message, JwtAuthConfig... configs) {
    assertThatThrownBy(() -> JwtAuthenticator.validate(List.of(configs)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> JwtAuthenticator.create(vertx, List.of(configs), registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
