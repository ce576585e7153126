package io.keygate.gateway.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.keygate.gateway.config.JwtAuthConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;

/** Claim validation and identity mapping for tokens from a real OIDC provider. */
class JwtClaimsTest extends OidcTestSupport {
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
    use(config(new Variation("5s", null, null, null, null, null)));
    assertInvalidToken(server.bearer(token(Map.of("exp", now() - 30))), "token expired");
  }

  @Test
  void tokenVerifiedOnce_isStillRefusedOnceItExpires() throws Exception {
    use(config(new Variation("0s", null, null, null, null, null)));
    String token = token(Map.of("exp", now() + 4));
    assertThat(server.bearer(token).status()).isEqualTo(200);
    assertThat(server.bearer(token).status()).isEqualTo(200);

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(15))
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
  void tokenWithoutAnIssuer_isRefused() throws Exception {
    use(config());
    JWTClaimsSet noIssuer =
        new JWTClaimsSet.Builder(Tokens.claims(issuer, AUD, "user-1")).issuer(null).build();
    assertInvalidToken(
        server.bearer(Tokens.sign(Tokens.rsaKey("any"), noIssuer)), "untrusted issuer");
  }

  @Test
  void tokenWithoutTheSubjectClaim_isRefused() throws Exception {
    use(config(new Variation(null, "entra", null, null, null, null)));
    assertInvalidToken(server.bearer(token(Map.of())), "token has no subject claim 'oid'");
  }

  @Test
  void requiredClaims_mustBePresentAndMatch() throws Exception {
    use(config(new Variation(null, null, null, null, null, Map.of("tid", "tenant-a"))));

    assertThat(server.bearer(token(Map.of("tid", "tenant-a"))).status()).isEqualTo(200);
    assertInvalidToken(
        server.bearer(token(Map.of("tid", "tenant-b"))), "required claim 'tid' does not match");
    assertInvalidToken(server.bearer(token(Map.of())), "required claim 'tid' is missing");
  }

  @Test
  void requiredClaimWithAList_isAnAllowlistForSingleValues_andAllOfForArrays() throws Exception {
    use(
        config(
            new Variation(
                null,
                null,
                null,
                null,
                null,
                Map.of("tid", List.of("tenant-a", "tenant-b"), "amr", List.of("pwd", "mfa")))));
    List<String> strong = List.of("pwd", "mfa", "rsa");

    assertThat(server.bearer(token(Map.of("tid", "tenant-b", "amr", strong))).status())
        .isEqualTo(200);
    assertInvalidToken(
        server.bearer(token(Map.of("tid", "tenant-c", "amr", strong))),
        "required claim 'tid' does not match");
    assertInvalidToken(
        server.bearer(token(Map.of("tid", "tenant-a", "amr", List.of("pwd")))),
        "required claim 'amr' does not match");
  }

  @Test
  void requiredScopes_areReadFromScpStringsAndScopeArrays_andMissingOnesAre403() throws Exception {
    use(config(new Variation(null, null, null, List.of("payments.read"), null, null)));

    assertThat(server.bearer(token(Map.of("scp", "openid payments.read"))).status()).isEqualTo(200);
    assertThat(server.bearer(token(Map.of("scope", List.of("payments.read")))).status())
        .isEqualTo(200);
    AuthServer.Response r = server.bearer(token(Map.of("scp", "payments.write")));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.errorCode()).isEqualTo("InsufficientScope");
    assertThat(r.errorMessage()).isEqualTo("missing scope 'payments.read'");
    assertThat(r.challenge())
        .isEqualTo(
            "Bearer realm=\"keygate\", error=\"insufficient_scope\","
                + " error_description=\"missing scope"
                + " 'payments.read'\", scope=\"payments.read\"");
  }

  @Test
  void requiredRoles_missingOneIs403() throws Exception {
    use(config(new Variation(null, null, null, null, List.of("Payments.Admin"), null)));

    assertThat(server.bearer(token(Map.of("roles", List.of("Payments.Admin")))).status())
        .isEqualTo(200);
    AuthServer.Response r = server.bearer(token(Map.of("roles", List.of("Payments.Reader"))));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.errorMessage()).isEqualTo("missing role 'Payments.Admin'");
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
}
