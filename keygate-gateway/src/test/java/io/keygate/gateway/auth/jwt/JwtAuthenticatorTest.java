package io.keygate.gateway.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keygate.gateway.config.JwtAuthConfig;
import io.keygate.gateway.config.JwtAuthConfig.IdentityMapping;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JWT authentication against a real OIDC provider (mock-oauth2-server) over real HTTP. */
class JwtAuthenticatorTest {
  static final String AUD = "api://payments";

  static Vertx vertx;
  static MockOAuth2Server oidc;
  static String issuer;
  static JwksRegistry registry;
  static AuthServer server;
  JwtAuthenticator auth;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    oidc = new MockOAuth2Server();
    oidc.start(InetAddress.getByName("127.0.0.1"), 0);
    issuer = oidc.issuerUrl("default").toString();
    // A short refetch interval keeps the unknown-kid cases quick; the flood test checks the bound.
    registry =
        JwksRegistry.create(
            vertx, JwtSettings.DEFAULTS.withMinRefetchInterval(Duration.ofMillis(300)));
    server = AuthServer.start(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    registry.close();
    oidc.shutdown();
    await(vertx.close());
  }

  @AfterEach
  void release() {
    if (auth != null) {
      auth.close();
    }
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  static JwtAuthConfig config() {
    return new JwtAuthConfig(
        issuer,
        null,
        List.of(AUD, "api://other"),
        null,
        null,
        new IdentityMapping("generic", null, null, null, null, null),
        null,
        null,
        null);
  }

  void use(JwtAuthConfig... configs) throws Exception {
    auth = JwtAuthenticator.create(vertx, List.of(configs), registry);
    await(auth.ready());
    server.use(auth);
  }

  /** A token signed by the provider's own key for issuer "default", with these claims on top. */
  static String token(Map<String, Object> overrides) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("iss", issuer);
    claims.put("aud", AUD);
    claims.put("sub", "user-1");
    claims.put("azp", "client-app");
    claims.putAll(overrides);
    return oidc.getConfig()
        .getTokenProvider()
        .jwt(claims, Duration.ofHours(1), "default")
        .serialize();
  }

  static long now() {
    return Instant.now().getEpochSecond();
  }

  static RSAKey providerPublicKey() throws Exception {
    return oidc.getConfig().getTokenProvider().publicJwkSet("default").getKeys().get(0).toRSAKey();
  }

  void assertInvalidToken(AuthServer.Response r, String description) {
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorCode()).isEqualTo("invalid_token");
    assertThat(r.errorMessage()).isEqualTo(description);
    assertThat(r.challenge())
        .isEqualTo(
            "Bearer realm=\"keygate\", error=\"invalid_token\", error_description=\""
                + description
                + "\"");
  }

  @Test
  void tokenIssuedByTheProvider_becomesUserAppAndGroupPrincipals() throws Exception {
    use(config());
    String token =
        oidc.issueToken(
                "default",
                "client-app",
                new DefaultOAuth2TokenCallback(
                    "default",
                    "user-1",
                    "JWT",
                    List.of(AUD),
                    Map.of(
                        "azp",
                        "client-app",
                        "tid",
                        "tenant-a",
                        "groups",
                        List.of("payments-team", "ops"),
                        "roles",
                        List.of("Payments.Admin")),
                    3600))
            .serialize();

    AuthServer.Response r = server.bearer(token);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().getJsonArray("principals").stream().map(String::valueOf).toList())
        .containsExactly(
            "user:user-1",
            "app:client-app",
            "group:payments-team",
            "group:ops",
            "group:Payments.Admin");
    assertThat(r.body().getString("consumer")).isEqualTo("user-1");
    assertThat(r.body().getString("policy")).isEmpty();
    assertThat(r.body().getJsonObject("claims").getString("tid")).isEqualTo("tenant-a");
    assertThat(r.body().encode()).doesNotContain(token);
  }

  @Test
  void secondConfiguredAudience_isAccepted() throws Exception {
    use(config());
    assertThat(server.bearer(token(Map.of("aud", List.of("x", "api://other")))).status())
        .isEqualTo(200);
  }

  @Test
  void expiredToken_isRefusedAsExpired() throws Exception {
    use(config());
    assertInvalidToken(server.bearer(token(Map.of("exp", now() - 120))), "token expired");
  }

  @Test
  void tokenExpiredWithinTheClockSkew_isAccepted() throws Exception {
    use(config());
    assertThat(server.bearer(token(Map.of("exp", now() - 30))).status()).isEqualTo(200);
  }

  @Test
  void smallerConfiguredSkew_refusesWhatTheDefaultAccepts() throws Exception {
    JwtAuthConfig c = config();
    use(
        new JwtAuthConfig(
            c.issuer(), null, c.audience(), null, "5s", c.identity(), null, null, null));
    assertInvalidToken(server.bearer(token(Map.of("exp", now() - 30))), "token expired");
  }

  @Test
  void tokenVerifiedOnce_isStillRefusedOnceItExpires() throws Exception {
    JwtAuthConfig c = config();
    use(
        new JwtAuthConfig(
            c.issuer(), null, c.audience(), null, "0s", c.identity(), null, null, null));
    String token = token(Map.of("exp", now() + 2));
    assertThat(server.bearer(token).status()).isEqualTo(200);
    assertThat(server.bearer(token).status()).isEqualTo(200);

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> server.bearer(token).status() == 401);

    assertInvalidToken(server.bearer(token), "token expired");
  }

  @Test
  void tokenNotYetValid_isRefused() throws Exception {
    use(config());
    assertInvalidToken(server.bearer(token(Map.of("nbf", now() + 300))), "token not yet valid");
  }

  @Test
  void tokenIssuedInTheFuture_isRefused() throws Exception {
    use(config());
    assertInvalidToken(
        server.bearer(token(Map.of("iat", now() + 300))), "token issued in the future");
  }

  @Test
  void tokenForAnotherAudience_isRefused() throws Exception {
    use(config());
    assertInvalidToken(server.bearer(token(Map.of("aud", "api://billing"))), "wrong audience");
  }

  @Test
  void tokenOfAnotherIssuer_isRefused() throws Exception {
    use(config());
    assertInvalidToken(
        server.bearer(token(Map.of("iss", "https://login.example.com/"))), "untrusted issuer");
  }

  @Test
  void tokenWithoutTheSubjectClaim_isRefused() throws Exception {
    JwtAuthConfig c = config();
    use(
        new JwtAuthConfig(
            c.issuer(),
            null,
            c.audience(),
            null,
            null,
            new IdentityMapping("entra", null, null, null, null, null),
            null,
            null,
            null));
    assertInvalidToken(server.bearer(token(Map.of())), "token has no subject claim 'oid'");
  }

  @Test
  void requiredClaims_mustBePresentAndMatch() throws Exception {
    JwtAuthConfig c = config();
    use(
        new JwtAuthConfig(
            c.issuer(),
            null,
            c.audience(),
            null,
            null,
            c.identity(),
            null,
            null,
            Map.of("tid", "tenant-a")));

    assertThat(server.bearer(token(Map.of("tid", "tenant-a"))).status()).isEqualTo(200);
    assertInvalidToken(
        server.bearer(token(Map.of("tid", "tenant-b"))), "required claim 'tid' does not match");
    assertInvalidToken(server.bearer(token(Map.of())), "required claim 'tid' is missing");
  }

  @Test
  void requiredScopes_areReadFromScpStringsAndScopeArrays_andMissingOnesAre403() throws Exception {
    JwtAuthConfig c = config();
    use(
        new JwtAuthConfig(
            c.issuer(),
            null,
            c.audience(),
            null,
            null,
            c.identity(),
            List.of("payments.read"),
            null,
            null));

    assertThat(server.bearer(token(Map.of("scp", "openid payments.read"))).status()).isEqualTo(200);
    assertThat(server.bearer(token(Map.of("scope", List.of("payments.read")))).status())
        .isEqualTo(200);
    AuthServer.Response r = server.bearer(token(Map.of("scp", "payments.write")));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.errorCode()).isEqualTo("insufficient_scope");
    assertThat(r.errorMessage()).isEqualTo("missing scope 'payments.read'");
    assertThat(r.challenge())
        .isEqualTo(
            "Bearer realm=\"keygate\", error=\"insufficient_scope\","
                + " error_description=\"missing scope"
                + " 'payments.read'\", scope=\"payments.read\"");
  }

  @Test
  void requiredRoles_missingOneIs403() throws Exception {
    JwtAuthConfig c = config();
    use(
        new JwtAuthConfig(
            c.issuer(),
            null,
            c.audience(),
            null,
            null,
            c.identity(),
            null,
            List.of("Payments.Admin"),
            null));

    assertThat(server.bearer(token(Map.of("roles", List.of("Payments.Admin")))).status())
        .isEqualTo(200);
    AuthServer.Response r = server.bearer(token(Map.of("roles", List.of("Payments.Reader"))));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.errorMessage()).isEqualTo("missing role 'Payments.Admin'");
  }

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
      JwtAuthConfig c = config();
      JwtAuthConfig bad =
          new JwtAuthConfig(
              c.issuer(), null, c.audience(), List.of("RS256", alg), null, null, null, null, null);
      assertThatThrownBy(() -> JwtAuthenticator.create(vertx, List.of(bad), registry))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("jwt[0].algorithms: '" + alg + "' is not allowed");
    }
  }

  @Test
  void algorithmNotConfiguredForTheIssuer_isRefused() throws Exception {
    JwtAuthConfig c = config();
    use(
        new JwtAuthConfig(
            c.issuer(), null, c.audience(), List.of("ES256"), null, null, null, null, null));
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
      String viaJku =
          Tokens.sign(
              attacker,
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID("attacker")
                  .jwkURL(URI.create(attackerJwks.url())),
              claims);
      String viaX5u =
          Tokens.sign(
              attacker,
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID("attacker")
                  .x509CertURL(URI.create(attackerJwks.url())),
              claims);
      // Names the provider's real kid but embeds the attacker's key.
      String viaJwk =
          Tokens.sign(
              attacker,
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID("default")
                  .jwk(attacker.toPublicJWK()),
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
      assertThat(r.errorCode()).isEqualTo("missing_token");
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
    assertThat(r.errorCode()).isEqualTo("invalid_request");
    assertThat(r.errorMessage()).isEqualTo("more than one Authorization header");
  }

  @Test
  void severalIssuersPerApi_eachVerifiedWithItsOwnKeys() throws Exception {
    String other = oidc.issuerUrl("other").toString();
    JwtAuthConfig c = config();
    use(c, new JwtAuthConfig(other, null, List.of(AUD), null, null, null, null, null, null));
    String fromOther =
        oidc.getConfig()
            .getTokenProvider()
            .jwt(Map.of("iss", other, "aud", AUD, "sub", "user-2"), Duration.ofHours(1), "other")
            .serialize();

    assertThat(server.bearer(token(Map.of())).status()).isEqualTo(200);
    assertThat(server.bearer(fromOther).body().getString("consumer")).isEqualTo("user-2");
    // Signed by "other"'s key but claiming to be from "default": the key is not default's.
    String crossed =
        oidc.getConfig()
            .getTokenProvider()
            .jwt(Map.of("iss", issuer, "aud", AUD, "sub", "x"), Duration.ofHours(1), "other")
            .serialize();
    assertInvalidToken(server.bearer(crossed), "unknown signing key");
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
    JwtAuthConfig c = config();
    assertThatThrownBy(
            () ->
                JwtAuthenticator.create(
                    vertx,
                    List.of(
                        new JwtAuthConfig(
                            issuer, null, List.of(), null, null, null, null, null, null)),
                    registry))
        .hasMessageStartingWith("jwt[0].audience: at least one audience is required");
    assertThatThrownBy(
            () ->
                JwtAuthenticator.create(
                    vertx,
                    List.of(
                        c,
                        new JwtAuthConfig(
                            "https://idp.example.com",
                            "http://idp.example.com/keys",
                            List.of(AUD),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null)),
                    registry))
        .hasMessage(
            "jwt[1].jwksUri: must be https (http only on loopback): 'http://idp.example.com/keys'");
    assertThatThrownBy(
            () ->
                JwtAuthenticator.create(
                    vertx,
                    List.of(
                        new JwtAuthConfig(
                            issuer, null, List.of(AUD), null, "forever", null, null, null, null)),
                    registry))
        .hasMessage("jwt[0].clockSkew: not a duration: 'forever'");
    assertThatThrownBy(
            () ->
                JwtAuthenticator.create(
                    vertx,
                    List.of(
                        new JwtAuthConfig(
                            issuer,
                            null,
                            List.of(AUD),
                            null,
                            null,
                            new IdentityMapping("keycloak", null, null, null, null, null),
                            null,
                            null,
                            null)),
                    registry))
        .hasMessage(
            "jwt[0].identity.preset: unknown preset 'keycloak' (entra, entra-v1, okta, generic)");
  }
}
