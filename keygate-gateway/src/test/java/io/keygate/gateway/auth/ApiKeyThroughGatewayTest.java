package io.keygate.gateway.auth;

import static io.keygate.gateway.auth.KeyChainHttpTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keygate.gateway.Gateway;
import io.keygate.gateway.GatewayOptions;
import io.keygate.gateway.GatewayServices;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.gateway.ratelimit.QuotaLedger;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** API keys, policies and rate limits in the real gateway, in front of a real upstream. */
class ApiKeyThroughGatewayTest {
  @TempDir static Path data;
  private static Vertx vertx;
  private static HttpServer upstream;
  private static GatewayDatabase db;
  private static ApiKeys keys;
  private static QuotaLedger quotas;
  private static Gateway gateway;
  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    upstream =
        vertx
            .createHttpServer()
            .requestHandler(
                r -> {
                  JsonObject seen = new JsonObject().put("uri", r.uri());
                  r.headers().forEach(h -> seen.put(h.getKey().toLowerCase(), h.getValue()));
                  r.response().putHeader("Content-Type", "application/json").end(seen.encode());
                })
            .listen(0, "127.0.0.1")
            .await();
    Path apis = Files.createDirectories(data.resolve("apis"));
    Path policies = Files.createDirectories(data.resolve("policies"));
    String url = "http://127.0.0.1:" + upstream.actualPort();
    Files.writeString(
        apis.resolve("orders.yaml"),
        "name: orders\nlisten: { path: /orders/, strip: true }\nupstream: { url: \""
            + url
            + "\" }\nauth: { apiKey: {} }\n");
    Files.writeString(
        apis.resolve("search.yaml"),
        "name: search\nlisten: { path: /search/, strip: true }\nupstream: { url: \""
            + url
            + "\" }\nauth: { apiKey: { query: api_key } }\n");
    Files.writeString(
        policies.resolve("standard.yaml"),
        "name: standard\naccess: [orders, search]\nrate: { requests: 2, per: 1h }\n");
    Files.writeString(
        policies.resolve("search-only.yaml"), "name: search-only\naccess: [search]\n");
    db = GatewayDatabase.sqlite(data);
    keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    quotas = QuotaLedger.open(db);
    gateway =
        Gateway.start(
                vertx,
                GatewayOptions.defaults(data)
                    .withListen("127.0.0.1", 0)
                    .withWatch(false)
                    .withH2c(true),
                new GatewayServices(keys, null, quotas))
            .await();
  }

  @AfterAll
  static void stop() {
    gateway.stop(Duration.ofSeconds(1)).await();
    quotas.close();
    keys.close();
    db.close();
    vertx.close().await();
  }

  @Test
  void keyedRequest_reachesTheUpstreamWithoutTheKey_andCarriesRateHeaders() throws Exception {
    String key = keys.create("standard", "shop", null).key().reveal();

    HttpResponse<String> r = get("/orders/items?x=1", "Bearer " + key);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject seen = new JsonObject(r.body());
    assertThat(seen.getString("uri")).isEqualTo("/items?x=1");
    assertThat(seen.containsKey("authorization")).isFalse();
    assertThat(r.body()).doesNotContain(key);
    assertThat(r.headers().firstValue("X-RateLimit-Limit")).hasValue("2");
    assertThat(r.headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
  }

  @Test
  void keyOverHttp2_isAcceptedAndNotForwarded() {
    String key = keys.create("standard", null, null).key().reveal();
    HttpClient h2 =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    try {
      // The body is read inside the same composition: awaiting the response first and asking for
      // the body afterwards can miss a body that already arrived, and then waits forever.
      var received = new java.util.concurrent.atomic.AtomicReference<HttpClientResponse>();
      String body =
          h2.request(HttpMethod.GET, gateway.port(), "127.0.0.1", "/orders/h2")
              .compose(r -> r.putHeader("Authorization", "Bearer " + key).send())
              .compose(
                  r -> {
                    received.set(r);
                    return r.body();
                  })
              .await()
              .toString();
      HttpClientResponse response = received.get();

      assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(response.statusCode()).as(body).isEqualTo(200);
      assertThat(new JsonObject(body).containsKey("authorization")).isFalse();
    } finally {
      h2.close().await();
    }
  }

  @Test
  void keyInTheQuery_isNotForwarded() throws Exception {
    String key = keys.create("standard", null, null).key().reveal();

    HttpResponse<String> r = get("/search/find?q=a&api_key=" + key, null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getString("uri")).isEqualTo("/find?q=a");
  }

  @Test
  void thirdRequestWithinTheHour_is429WithRetryAfter() throws Exception {
    String auth = "Bearer " + keys.create("standard", null, null).key().reveal();
    get("/orders/a", auth);
    get("/orders/a", auth);

    HttpResponse<String> third = get("/orders/a", auth);

    assertError(third, 429, "RateLimited", "Rate limit of 2 requests per 1h exceeded");
    assertThat(third.headers().firstValue("Retry-After")).isPresent();
    assertThat(third.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
  }

  @Test
  void missingKey_is401_andKeyWithoutAccess_is403() throws Exception {
    assertError(
        get("/orders/a", null),
        401,
        "MissingApiKey",
        "An API key is required in the Authorization header as a Bearer token");
    String other = "Bearer " + keys.create("search-only", null, null).key().reveal();
    assertError(
        get("/orders/a", other),
        403,
        "AccessDenied",
        "Policy 'search-only' does not allow GET /a on API 'orders'");
  }

  @Test
  void keys_neverAppearInAnyLogLine() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    // The access log does not propagate to the root logger: listen to both.
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger access = (Logger) LoggerFactory.getLogger("keygate.access");
    root.addAppender(logs);
    access.addAppender(logs);
    logs.start();
    try {
      var created = keys.create("standard", "logged", null);
      String key = created.key().reveal();
      String secret = key.substring(key.indexOf('_', 3) + 1);

      get("/orders/a", "Bearer " + key);
      get("/search/find?api_key=" + key, null);
      get("/orders/a", "Bearer " + key.substring(0, key.length() - 1) + "x");

      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  logs.list.stream()
                          .filter(e -> e.getFormattedMessage().contains("\"consumer\":\"logged\""))
                          .count()
                      >= 2);
      assertThat(logs.list)
          .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(secret));
    } finally {
      root.detachAppender(logs);
      access.detachAppender(logs);
    }
  }

  @Test
  void revokedKey_isLoggedUnderItsAlias_notAsAnonymous() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger access = (Logger) LoggerFactory.getLogger("keygate.access");
    access.addAppender(logs);
    logs.start();
    try {
      var created = keys.create("standard", "gone", null);
      keys.revoke(created.info().id());

      HttpResponse<String> r = get("/orders/a", "Bearer " + created.key().reveal());

      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.body()).contains("ApiKeyRevoked");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  logs.list.stream()
                      .anyMatch(
                          e ->
                              e.getFormattedMessage().contains("\"consumer\":\"gone\"")
                                  && e.getFormattedMessage().contains("\"status\":401")));
    } finally {
      access.detachAppender(logs);
    }
  }

  private static HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
