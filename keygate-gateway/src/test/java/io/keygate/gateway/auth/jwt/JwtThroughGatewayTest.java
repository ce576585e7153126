package io.keygate.gateway.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.gateway.Gateway;
import io.keygate.gateway.GatewayOptions;
import io.keygate.gateway.GatewayServices;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JWT callers through the real gateway, configured by YAML files as a user writes them, in front of
 * a real upstream, with tokens from a real OIDC provider.
 */
class JwtThroughGatewayTest {
  static final String AUD = "api://orders";
  @TempDir static Path data;
  static Vertx vertx;
  static MockOAuth2Server oidc;
  static HttpServer upstream;
  static GatewayDatabase db;
  static ApiKeys keys;
  static QuotaLedger quotas;
  static JwksRegistry jwks;
  static Gateway gateway;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    oidc = new MockOAuth2Server();
    oidc.start(InetAddress.getByName("127.0.0.1"), 0);
    upstream =
        vertx
            .createHttpServer()
            .requestHandler(r -> r.response().end(new JsonObject().put("uri", r.uri()).encode()))
            .listen(0, "127.0.0.1")
            .await();
    Path apis = Files.createDirectories(data.resolve("apis"));
    Path policies = Files.createDirectories(data.resolve("policies"));
    Files.writeString(
        apis.resolve("orders.yaml"),
        """
        name: orders
        listen: { path: /orders/, strip: true }
        upstream: { url: "http://127.0.0.1:%d" }
        auth:
          jwt:
            issuer: %s
            audience: %s
            identity: { preset: generic }
            requiredScopes: [orders.read]
        policy: orders-standard
        """
            .formatted(upstream.actualPort(), oidc.issuerUrl("default"), AUD));
    Files.writeString(
        policies.resolve("orders-standard.yaml"),
        "name: orders-standard\naccess: [orders]\nrate: { requests: 100, per: 1h }\n");
    db = GatewayDatabase.sqlite(data);
    keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    quotas = QuotaLedger.open(db);
    jwks = JwksRegistry.create(vertx);
    gateway =
        Gateway.start(
                vertx,
                GatewayOptions.defaults(data).withListen("127.0.0.1", 0).withWatch(false),
                new GatewayServices(
                    keys, issuers -> JwtAuthenticator.create(vertx, issuers, jwks), quotas))
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

  static String token(Map<String, Object> overrides) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("iss", oidc.issuerUrl("default").toString());
    claims.put("aud", AUD);
    claims.put("sub", "alice");
    claims.put("scp", "orders.read");
    claims.putAll(overrides);
    return oidc.getConfig()
        .getTokenProvider()
        .jwt(claims, Duration.ofHours(1), "default")
        .serialize();
  }

  static HttpResponse<String> get(String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/orders/items"));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void assertError(HttpResponse<String> r, int status, String code, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("message")).isEqualTo(message);
  }

  @Test
  void validToken_reachesTheUpstreamUnderTheApisPolicy() throws Exception {
    HttpResponse<String> r = get("Bearer " + token(Map.of()));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("uri")).isEqualTo("/items");
    assertThat(r.headers().firstValue("X-RateLimit-Limit")).hasValue("100");
  }

  @Test
  void expiredToken_is401WithAnRfc6750Challenge() throws Exception {
    String token = token(Map.of("exp", Instant.now().getEpochSecond() - 600));

    HttpResponse<String> r = get("Bearer " + token);

    assertError(r, 401, "InvalidToken", "token expired");
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValue(
            "Bearer realm=\"keygate\", error=\"invalid_token\", error_description=\"token"
                + " expired\"");
    assertThat(r.body()).doesNotContain(token);
  }

  @Test
  void missingToken_is401WithABareChallenge() throws Exception {
    HttpResponse<String> r = get(null);

    assertError(r, 401, "MissingToken", "a bearer token is required");
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"keygate\"");
  }

  @Test
  void tokenWithoutTheRequiredScope_is403() throws Exception {
    HttpResponse<String> r = get("Bearer " + token(Map.of("scp", "orders.write")));

    assertError(r, 403, "InsufficientScope", "missing scope 'orders.read'");
  }

  @Test
  void garbageToken_is401NeverA500() throws Exception {
    assertError(get("Bearer " + "x".repeat(200)), 401, "InvalidToken", "malformed token");
    assertError(get("Bearer a.b.c"), 401, "InvalidToken", "malformed token");
  }
}
