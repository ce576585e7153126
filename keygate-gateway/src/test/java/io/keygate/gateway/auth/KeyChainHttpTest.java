package io.keygate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.gateway.chain.Step;
import io.keygate.gateway.config.ApiDefinition;
import io.keygate.gateway.config.ApiKeyAuthConfig;
import io.keygate.gateway.config.JwtAuthConfig;
import io.keygate.gateway.config.PolicyDefinition;
import io.keygate.gateway.config.PolicyDefinition.Access;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.gateway.policy.Authorize;
import io.keygate.gateway.ratelimit.QuotaLedger;
import io.keygate.gateway.ratelimit.RateLimit;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authenticate, Authorize and RateLimit over real HTTP, with keys in a real SQLite database. */
class KeyChainHttpTest {
  @TempDir static Path data;
  private static Vertx vertx;
  private static GatewayDatabase db;
  private static ApiKeys keys;
  private static QuotaLedger quotas;
  private static StepServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    db = GatewayDatabase.sqlite(data);
    keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    quotas = QuotaLedger.open(db);
    Map<String, ApiDefinition> apis =
        Map.of(
            "orders", api("orders", new ApiKeyAuthConfig(null, null), null),
            "billing", api("billing", new ApiKeyAuthConfig("X-API-Key", null), null),
            "search", api("search", new ApiKeyAuthConfig(null, "api_key"), null),
            "open", keyless("open", null),
            "metered", keyless("metered", "open-metered"),
            "partners", jwt("partners"));
    Map<String, PolicyDefinition> policies =
        Map.of(
            "gold",
                policy("gold", List.of(all("orders"), all("billing"), all("search")), null, null),
            "limited",
                policy("limited", List.of(all("orders")), new PolicyDefinition.Rate(2, "1h"), null),
            "quota",
                policy("quota", List.of(all("orders")), null, new PolicyDefinition.Quota(2, "30d")),
            "readonly",
                policy(
                    "readonly",
                    List.of(new Access("orders", List.of("GET"), List.of("/items/**"))),
                    null,
                    null),
            "billing-only", policy("billing-only", List.of(all("billing")), null, null),
            "open-metered",
                policy(
                    "open-metered",
                    List.of(all("metered")),
                    new PolicyDefinition.Rate(1, "1h"),
                    null));
    List<Step> steps =
        List.of(
            new Authenticate(new AuthenticatorFactory(keys, null)),
            new Authorize(() -> policies),
            new RateLimit(quotas));
    server = StepServer.start(vertx, () -> apis, steps);
  }

  @AfterAll
  static void stop() {
    server.close();
    quotas.close();
    keys.close();
    db.close();
    vertx.close().await();
  }

  @Test
  void missingKey_is401WithABearerChallenge() throws Exception {
    HttpResponse<String> r = get("/orders/items", Map.of());

    assertError(
        r,
        401,
        "MissingApiKey",
        "An API key is required in the Authorization header as a Bearer token");
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"keygate\"");
  }

  @Test
  void unknownKey_is401InvalidApiKey_withoutEchoingTheKey() throws Exception {
    String fake = "kg_abcdefghijkmnpqr_" + "A".repeat(43);
    HttpResponse<String> r = get("/orders/items", Map.of("Authorization", "Bearer " + fake));

    assertError(r, 401, "InvalidApiKey", "The API key is not valid");
    assertThat(r.headers().firstValue("WWW-Authenticate"))
        .hasValue(
            "Bearer realm=\"keygate\", error=\"invalid_token\", error_description=\"The API key is not valid\"");
    assertThat(r.body()).doesNotContain(fake);
  }

  @Test
  void validBearerKey_reachesTheUpstreamWithoutTheKey() throws Exception {
    var created = keys.create("gold", "shop", null);
    String key = created.key().reveal();

    HttpResponse<String> r = get("/orders/items", Map.of("Authorization", "Bearer " + key));

    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject seen = new JsonObject(r.body());
    assertThat(seen.getJsonObject("headers").containsKey("authorization")).isFalse();
    assertThat(seen.getJsonArray("principals").getList())
        .containsExactly("key:" + created.info().id());
    assertThat(seen.getString("consumer")).isEqualTo("shop");
    assertThat(r.body()).doesNotContain(key);
  }

  @Test
  void keyInXApiKeyHeader_isAcceptedAndRemoved() throws Exception {
    String key = keys.create("gold", null, null).key().reveal();

    HttpResponse<String> r = get("/billing/x", Map.of("X-API-Key", key));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getJsonObject("headers").containsKey("x-api-key"))
        .isFalse();
    assertThat(get("/billing/x", Map.of("Authorization", "Bearer " + key)).statusCode())
        .isEqualTo(401);
  }

  @Test
  void keyInQueryParameter_isAcceptedAndRemovedFromTheUpstreamQuery() throws Exception {
    String key = keys.create("gold", null, null).key().reveal();

    HttpResponse<String> r = get("/search/q?a=1&api_key=" + key + "&b=2", Map.of());
    HttpResponse<String> encodedName = get("/search/q?api%5Fkey=" + key, Map.of());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("upstreamPath")).isEqualTo("/search/q?a=1&b=2");
    assertThat(encodedName.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(encodedName.body()).getString("upstreamPath")).isEqualTo("/search/q");
  }

  @Test
  void missingQueryKey_namesTheParameter_withoutABearerChallenge() throws Exception {
    HttpResponse<String> r = get("/search/q", Map.of());

    assertError(r, 401, "MissingApiKey", "An API key is required in the 'api_key' query parameter");
    assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void revokedKey_isRefusedOnTheNextRequest() throws Exception {
    var created = keys.create("gold", null, null);
    Map<String, String> auth = Map.of("Authorization", "Bearer " + created.key().reveal());
    assertThat(get("/orders/x", auth).statusCode()).isEqualTo(200);

    keys.revoke(created.info().id());

    assertError(get("/orders/x", auth), 401, "ApiKeyRevoked", "The API key has been revoked");
  }

  @Test
  void keyWhosePolicyDoesNotListTheApi_is403() throws Exception {
    String key = keys.create("billing-only", null, null).key().reveal();

    assertError(
        get("/orders/items", Map.of("Authorization", "Bearer " + key)),
        403,
        "AccessDenied",
        "Policy 'billing-only' does not allow GET /items on API 'orders'");
  }

  @Test
  void keyWhosePolicyIsNotDefined_is403UnknownPolicy() throws Exception {
    String key = keys.create("deleted-policy", null, null).key().reveal();

    assertError(
        get("/orders/items", Map.of("Authorization", "Bearer " + key)),
        403,
        "UnknownPolicy",
        "Policy 'deleted-policy' is not defined on this gateway");
  }

  @Test
  void methodAndPathRestrictions_applyToThePathBelowTheListenPath() throws Exception {
    Map<String, String> auth =
        Map.of("Authorization", "Bearer " + keys.create("readonly", null, null).key().reveal());

    assertThat(get("/orders/items", auth).statusCode()).isEqualTo(200);
    assertThat(get("/orders/items/42/lines", auth).statusCode()).isEqualTo(200);
    assertError(
        get("/orders/admin", auth),
        403,
        "AccessDenied",
        "Policy 'readonly' does not allow GET /admin on API 'orders'");
    HttpResponse<String> post =
        HTTP.send(
            request("/orders/items", auth).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertError(
        post, 403, "AccessDenied", "Policy 'readonly' does not allow POST /items on API 'orders'");
  }

  @Test
  void overTheRate_is429WithRetryAfterAndRateLimitHeaders() throws Exception {
    Map<String, String> auth =
        Map.of("Authorization", "Bearer " + keys.create("limited", null, null).key().reveal());

    HttpResponse<String> first = get("/orders/x", auth);
    HttpResponse<String> second = get("/orders/x", auth);
    HttpResponse<String> third = get("/orders/x", auth);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("X-RateLimit-Limit")).hasValue("2");
    assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
    assertThat(second.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    assertError(third, 429, "RateLimited", "Rate limit of 2 requests per 1h exceeded");
    assertThat(third.headers().firstValue("X-RateLimit-Limit")).hasValue("2");
    assertThat(third.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    long retryAfter = Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 1800L);
    assertThat(Long.parseLong(third.headers().firstValue("X-RateLimit-Reset").orElseThrow()))
        .isBetween(1L, 3600L);
  }

  @Test
  void eachKeyHasItsOwnBucket() throws Exception {
    Map<String, String> a =
        Map.of("Authorization", "Bearer " + keys.create("limited", null, null).key().reveal());
    Map<String, String> b =
        Map.of("Authorization", "Bearer " + keys.create("limited", null, null).key().reveal());
    get("/orders/x", a);
    get("/orders/x", a);

    assertThat(get("/orders/x", a).statusCode()).isEqualTo(429);
    assertThat(get("/orders/x", b).statusCode()).isEqualTo(200);
  }

  @Test
  void usedUpQuota_is429QuotaExceeded() throws Exception {
    Map<String, String> auth =
        Map.of("Authorization", "Bearer " + keys.create("quota", null, null).key().reveal());

    HttpResponse<String> first = get("/orders/x", auth);
    get("/orders/x", auth);
    HttpResponse<String> third = get("/orders/x", auth);

    assertThat(first.headers().firstValue("X-Quota-Limit")).hasValue("2");
    assertThat(first.headers().firstValue("X-Quota-Remaining")).hasValue("1");
    assertError(third, 429, "QuotaExceeded", "Quota of 2 requests per 30d used up");
    assertThat(third.headers().firstValue("X-RateLimit-Limit")).hasValue("2");
    assertThat(third.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    assertThat(third.headers().firstValue("Retry-After"))
        .hasValue(third.headers().firstValue("X-RateLimit-Reset").orElseThrow());
  }

  @Test
  void keylessApi_admitsAnonymousCallers_andAppliesItsOwnPolicy() throws Exception {
    HttpResponse<String> open = get("/open/x", Map.of());
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(open.body()).getString("consumer")).isEqualTo("anonymous");

    assertThat(get("/metered/x", Map.of()).statusCode()).isEqualTo(200);
    assertThat(get("/metered/x", Map.of()).statusCode()).isEqualTo(429);
  }

  @Test
  void jwtApi_withoutJwtSupport_is401JwtNotConfigured() throws Exception {
    assertError(
        get("/partners/x", Map.of()),
        401,
        "JwtNotConfigured",
        "JWT authentication is not available on this gateway");
  }

  private static HttpResponse<String> get(String path, Map<String, String> headers)
      throws Exception {
    return HTTP.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String path, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    headers.forEach(b::header);
    return b;
  }

  static void assertError(HttpResponse<String> r, int status, String code, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("message")).isEqualTo(message);
  }

  private static Access all(String api) {
    return Access.ofName(api);
  }

  private static PolicyDefinition policy(
      String name, List<Access> access, PolicyDefinition.Rate rate, PolicyDefinition.Quota quota) {
    return new PolicyDefinition(name, access, rate, quota, List.of());
  }

  private static ApiDefinition api(String name, ApiKeyAuthConfig apiKey, String policy) {
    return definition(name, new ApiDefinition.Auth(null, apiKey, null), policy);
  }

  private static ApiDefinition keyless(String name, String policy) {
    return definition(name, new ApiDefinition.Auth(null, null, true), policy);
  }

  private static ApiDefinition jwt(String name) {
    JwtAuthConfig issuer =
        new JwtAuthConfig(
            "https://issuer.example", null, List.of("api://x"), null, null, null, null, null, null);
    return definition(name, new ApiDefinition.Auth(List.of(issuer), null, null), null);
  }

  private static ApiDefinition definition(String name, ApiDefinition.Auth auth, String policy) {
    return new ApiDefinition(
        name,
        new ApiDefinition.Listen("/" + name + "/", true, null),
        new ApiDefinition.Upstream("http://127.0.0.1:9", null, null, null),
        auth,
        policy,
        List.of(),
        null);
  }
}
