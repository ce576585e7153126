package io.keygate.vault.server.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.nimbusds.jwt.SignedJWT;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keygate's token endpoint with azure-identity's credentials and with plain HTTP. */
class TokenEndpointTest {
  @TempDir static Path data;
  static AzureFixture keygate;

  @BeforeAll
  static void start() throws Exception {
    keygate = new AzureFixture(data);
  }

  @AfterAll
  static void stop() throws Exception {
    keygate.close();
  }

  private static String tokenUrl() {
    return keygate.authorityHost() + "/" + AzureFixture.TENANT + "/oauth2/v2.0/token";
  }

  private static String form(String... pairs) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (!body.isEmpty()) {
        body.append('&');
      }
      body.append(pairs[i])
          .append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return body.toString();
  }

  @Test
  void clientSecretCredential_getsAKeygateTokenForTheResourceAsked() throws Exception {
    var app = keygate.app(Role.SECRETS_USER, Scope.vault("payments"));
    AccessToken token =
        keygate
            .credential(app)
            .getTokenSync(new TokenRequestContext().addScopes("https://vault.test/.default"));
    SignedJWT jwt = SignedJWT.parse(token.getToken());
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(AzureFixture.ISSUER);
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(app.clientId());
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("https://vault.test");
    assertThat(jwt.getJWTClaimsSet().getClaim("tid")).isEqualTo(AzureFixture.TENANT);
    assertThat(token.getExpiresAt()).isAfter(java.time.OffsetDateTime.now().plusMinutes(20));
    var entries = keygate.vault.audit().recent(1000);
    assertThat(entries)
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo("ISSUE_TOKEN");
              assertThat(e.onBehalfOf()).isEqualTo("app:" + app.clientId());
              assertThat(e.via()).isEqualTo("token-endpoint");
              assertThat(e.name()).isEqualTo("https://vault.test");
            })
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo("CREATE_APP");
              assertThat(e.onBehalfOf()).isEqualTo("admin");
              assertThat(e.name()).isEqualTo("app:" + app.clientId());
            });
  }

  @Test
  void clientCertificateCredential_signsAnAssertionThatKeygateAccepts() throws Exception {
    TestCertificates certificate = TestCertificates.create(data, "cert-app");
    JsonObject app =
        keygate.admin(
            "POST",
            "/v1/apps",
            new JsonObject()
                .put("displayName", "certificate app")
                .put("certificate", certificate.certificatePem())
                .put("secret", false));
    assertThat(app.containsKey("clientSecret")).isFalse();
    assertThat(app.getJsonArray("credentials").getJsonObject(0).getString("type"))
        .isEqualTo("certificate");
    var credential =
        new ClientCertificateCredentialBuilder()
            .authorityHost(keygate.authorityHost())
            .tenantId(AzureFixture.TENANT)
            .clientId(app.getString("clientId"))
            .pemCertificate(certificate.keyAndCertificateFile().toString())
            .disableInstanceDiscovery()
            .httpClient(keygate.http)
            .build();
    AccessToken token =
        credential.getTokenSync(new TokenRequestContext().addScopes("api://keygate/.default"));
    assertThat(SignedJWT.parse(token.getToken()).getJWTClaimsSet().getSubject())
        .isEqualTo(app.getString("clientId"));

    TestCertificates other = TestCertificates.create(data, "unregistered");
    var impostor =
        new ClientCertificateCredentialBuilder()
            .authorityHost(keygate.authorityHost())
            .tenantId(AzureFixture.TENANT)
            .clientId(app.getString("clientId"))
            .pemCertificate(other.keyAndCertificateFile().toString())
            .disableInstanceDiscovery()
            .httpClient(keygate.http)
            .build();
    assertThatThrownBy(
            () ->
                impostor.getTokenSync(
                    new TokenRequestContext().addScopes("api://keygate/.default")))
        .rootCause()
        .isInstanceOf(MsalServiceException.class)
        .hasMessage(
            "client_assertion is not signed by a certificate registered for app "
                + app.getString("clientId"))
        .satisfies(
            e -> assertThat(((MsalServiceException) e).errorCode()).isEqualTo("invalid_client"));
  }

  @Test
  void wrongSecret_is401InvalidClientJson_withoutEchoingTheSecret() throws Exception {
    var app = keygate.app(null, null);
    var response =
        keygate.send(
            "POST",
            tokenUrl(),
            form(
                "grant_type", "client_credentials",
                "client_id", app.clientId(),
                "client_secret", "kgs_wrong-secret-canary-7731",
                "scope", "api://keygate/.default"),
            null,
            "application/x-www-form-urlencoded");
    assertThat(response.statusCode()).isEqualTo(401);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("error")).isEqualTo("invalid_client");
    assertThat(body.getString("error_description"))
        .isEqualTo(
            "invalid client secret for app " + app.clientId() + " (or the secret has expired)");
    assertThat(response.body()).doesNotContain("canary-7731").doesNotContain(app.secret());
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");

    var sdk =
        new ClientSecretCredentialBuilder()
            .authorityHost(keygate.authorityHost())
            .tenantId(AzureFixture.TENANT)
            .clientId(app.clientId())
            .clientSecret("kgs_wrong")
            .disableInstanceDiscovery()
            .httpClient(keygate.http)
            .build();
    assertThatThrownBy(
            () -> sdk.getTokenSync(new TokenRequestContext().addScopes("api://keygate/.default")))
        .rootCause()
        .isInstanceOf(MsalServiceException.class)
        .satisfies(
            e -> assertThat(((MsalServiceException) e).errorCode()).isEqualTo("invalid_client"))
        .satisfies(e -> assertThat(((MsalServiceException) e).statusCode()).isEqualTo(401));
  }

  @Test
  void expiringSecret_isRefusedOnceItHasExpired() throws Exception {
    long soon = java.time.Instant.now().getEpochSecond() + 3;
    JsonObject app =
        keygate.admin(
            "POST",
            "/v1/apps",
            new JsonObject().put("displayName", "expiring").put("secretExpires", soon));
    String body =
        form(
            "grant_type",
            "client_credentials",
            "client_id",
            app.getString("clientId"),
            "client_secret",
            app.getString("clientSecret"),
            "scope",
            "api://keygate/.default");
    assertThat(
            keygate
                .send("POST", tokenUrl(), body, null, "application/x-www-form-urlencoded")
                .statusCode())
        .isEqualTo(200);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(15))
        .pollInterval(java.time.Duration.ofMillis(500))
        .until(
            () ->
                keygate
                        .send("POST", tokenUrl(), body, null, "application/x-www-form-urlencoded")
                        .statusCode()
                    == 401);
  }

  @Test
  void badRequests_getOAuthErrors() throws Exception {
    var app = keygate.app(null, null);
    record Case(String body, int status, String error) {}
    for (Case c :
        new Case[] {
          new Case(form("client_id", app.clientId()), 400, "invalid_request"),
          new Case(
              form("grant_type", "password", "client_id", app.clientId()),
              400,
              "unsupported_grant_type"),
          new Case(
              form(
                  "grant_type",
                  "client_credentials",
                  "client_id",
                  app.clientId(),
                  "client_secret",
                  app.secret()),
              400,
              "invalid_scope"),
          new Case(
              form(
                  "grant_type",
                  "client_credentials",
                  "client_id",
                  app.clientId(),
                  "client_secret",
                  app.secret(),
                  "scope",
                  "api://keygate/read"),
              400,
              "invalid_scope"),
          new Case(
              form(
                  "grant_type",
                  "client_credentials",
                  "client_id",
                  "no-such-app",
                  "client_secret",
                  "x",
                  "scope",
                  "api://keygate/.default"),
              401,
              "invalid_client"),
          new Case(
              form(
                  "grant_type", "client_credentials",
                  "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                  "client_assertion", "not-a-jwt",
                  "scope", "api://keygate/.default"),
              401,
              "invalid_client"),
        }) {
      var response =
          keygate.send("POST", tokenUrl(), c.body(), null, "application/x-www-form-urlencoded");
      assertThat(response.statusCode()).as(c.body()).isEqualTo(c.status());
      assertThat(new JsonObject(response.body()).getString("error"))
          .as(c.body())
          .isEqualTo(c.error());
    }
    var otherTenant =
        keygate.send(
            "POST",
            keygate.authorityHost() + "/contoso/oauth2/v2.0/token",
            form("grant_type", "client_credentials"),
            null,
            "application/x-www-form-urlencoded");
    assertThat(otherTenant.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(otherTenant.body()).getString("error_description"))
        .isEqualTo("tenant 'contoso' not found");
  }

  @Test
  void discoveryAndJwks_describeTheIssuerAndItsKey() throws Exception {
    var discovery =
        keygate.send(
            "GET",
            keygate.authorityHost()
                + "/"
                + AzureFixture.TENANT
                + "/v2.0/.well-known/openid-configuration",
            null,
            null,
            null);
    assertThat(discovery.statusCode()).isEqualTo(200);
    JsonObject document = new JsonObject(discovery.body());
    assertThat(document.getString("issuer")).isEqualTo(AzureFixture.ISSUER);
    assertThat(document.getString("token_endpoint")).isEqualTo(tokenUrl());
    var jwks = keygate.send("GET", document.getString("jwks_uri"), null, null, null);
    JsonObject key = new JsonObject(jwks.body()).getJsonArray("keys").getJsonObject(0);
    assertThat(key.getString("kty")).isEqualTo("EC");
    assertThat(key.getString("crv")).isEqualTo("P-256");
    assertThat(key.containsKey("d")).isFalse();
    var root =
        keygate.send(
            "GET", keygate.authorityHost() + "/.well-known/openid-configuration", null, null, null);
    assertThat(new JsonObject(root.body()).getString("issuer")).isEqualTo(AzureFixture.ISSUER);
  }

  @Test
  void deletedApp_canNoLongerUseItsTokens() throws Exception {
    var app = keygate.app(Role.SECRETS_USER, Scope.vault("payments"));
    var client = keygate.client("payments", keygate.credential(app));
    keygate.vault.setSecret(
        "payments",
        "for-deleted-app",
        io.keygate.vault.SetSecretRequest.of(io.keygate.secrets.SecretValue.of("v")));
    assertThat(client.getSecret("for-deleted-app").getValue()).isEqualTo("v");
    keygate.admin("DELETE", "/v1/apps/" + app.clientId(), null);
    assertThatThrownBy(() -> client.getSecret("for-deleted-app"))
        .isInstanceOf(com.azure.core.exception.ClientAuthenticationException.class)
        .satisfies(
            e ->
                assertThat(
                        ((com.azure.core.exception.HttpResponseException) e)
                            .getResponse()
                            .getStatusCode())
                    .isEqualTo(401));
  }
}
