package io.keygate.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.gateway.Gateway;
import io.keygate.gateway.GatewayOptions;
import io.keygate.gateway.GatewayServices;
import io.keygate.gateway.auth.jwt.JwksRegistry;
import io.keygate.gateway.auth.jwt.JwtAuthenticator;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.gateway.ratelimit.QuotaLedger;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ${claim.x}} in a reference, with real tokens from mock-oauth2-server: one identity, one
 * key. The caller's own bearer token is replaced by the injected credential, never forwarded.
 */
class JwtClaimTemplatingTest {
  static final String AUD = "api://crm";
  @TempDir static Path data;
  static Vertx vertx;
  static MockOAuth2Server oidc;
  static HttpServer upstream;
  static GatewayDatabase db;
  static ApiKeys keys;
  static QuotaLedger quotas;
  static JwksRegistry jwks;
  static Gateway gateway;
  static final InMemorySecretSource source = new InMemorySecretSource();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    oidc = new MockOAuth2Server();
    oidc.start(InetAddress.getByName("127.0.0.1"), 0);
    upstream =
        vertx
            .createHttpServer()
            .requestHandler(
                r ->
                    r.response()
                        .end(
                            new JsonObject()
                                .put("tenantKey", r.getHeader("X-Tenant-Key"))
                                .put("authorization", r.getHeader("Authorization"))
                                .encode()))
            .listen(0, "127.0.0.1")
            .await();
    Files.createDirectories(data.resolve("apis"));
    Files.createDirectories(data.resolve("policies"));
    Files.writeString(
        data.resolve("apis/crm.yaml"),
        """
        name: crm
        listen: { path: /crm/, strip: true }
        upstream: { url: "http://127.0.0.1:%d" }
        auth:
          jwt:
            issuer: %s
            audience: %s
            identity: { preset: generic }
        policy: crm-standard
        inject:
          - header: X-Tenant-Key
            value: "${secret:crm/tenant-${claim.tid}}"
          - header: Authorization
            value: "Bearer ${secret:crm/service-token}"
        """
            .formatted(upstream.actualPort(), oidc.issuerUrl("default"), AUD));
    Files.writeString(
        data.resolve("policies/crm-standard.yaml"), "name: crm-standard\naccess: [crm]\n");
    source.put("crm", "tenant-contoso", "contoso-key");
    source.put("crm", "tenant-fabrikam", "fabrikam-key");
    source.put("crm", "service-token", "service-token-value");
    source.grant("user:alice", "crm", "tenant-contoso");
    source.grant("user:alice", "crm", "service-token");
    db = GatewayDatabase.sqlite(data);
    keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    quotas = QuotaLedger.open(db);
    jwks = JwksRegistry.create(vertx);
    gateway =
        Gateway.start(
                vertx,
                GatewayOptions.defaults(data).withListen("127.0.0.1", 0).withWatch(false),
                new GatewayServices(
                        keys, issuers -> JwtAuthenticator.create(vertx, issuers, jwks), quotas)
                    .withSecrets(source))
            .await();
  }

  @AfterAll
  static void stop() {
    gateway.stop(Duration.ofSeconds(1)).await();
    jwks.close();
    quotas.close();
    keys.close();
    db.close();
    oidc.shutdown();
    vertx.close().await();
  }

  static HttpResponse<String> get(Map<String, Object> overrides) throws Exception {
    Map<String, Object> claims = new HashMap<>();
    claims.put("iss", oidc.issuerUrl("default").toString());
    claims.put("aud", AUD);
    claims.put("sub", "alice");
    claims.putAll(overrides);
    String token =
        oidc.getConfig().getTokenProvider().jwt(claims, Duration.ofHours(1), "default").serialize();
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/crm/accounts"))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject error(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return new JsonObject(r.body()).getJsonObject("error");
  }

  @Test
  void tenantClaim_picksTheTenantsKey_andTheCallersTokenIsReplaced() throws Exception {
    HttpResponse<String> r = get(Map.of("tid", "contoso"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject seen = new JsonObject(r.body());
    assertThat(seen.getString("tenantKey")).isEqualTo("contoso-key");
    assertThat(seen.getString("authorization")).isEqualTo("Bearer service-token-value");
    assertThat(source.callersOf("crm", "tenant-contoso"))
        .anySatisfy(c -> assertThat(c.principals()).contains("user:alice"));
  }

  @Test
  void anotherTenantsKey_isForbiddenForThisCaller() throws Exception {
    JsonObject error = error(get(Map.of("tid", "fabrikam")), 403);
    assertThat(error.getString("code")).isEqualTo("ForbiddenByRbac");
    assertThat(error.getString("message")).contains("crm/tenant-fabrikam");
  }

  @Test
  void tokenWithoutTheClaim_is400ClaimMissing() throws Exception {
    JsonObject error = error(get(Map.of()), 400);
    assertThat(error.getString("code")).isEqualTo("ClaimMissing");
    assertThat(error.getString("message"))
        .isEqualTo("the caller's token has no claim 'tid' that a secret reference needs");
  }

  @Test
  void claimThatWouldClimbToAnotherSecret_is400ClaimInvalid() throws Exception {
    JsonObject error = error(get(Map.of("tid", "x/../service-token")), 400);
    assertThat(error.getString("code")).isEqualTo("ClaimInvalid");
    assertThat(error.getString("message"))
        .isEqualTo(
            "claim 'tid' cannot name a secret: its value must be 1 to 127 of 0-9, a-z, A-Z, -");
  }
}
