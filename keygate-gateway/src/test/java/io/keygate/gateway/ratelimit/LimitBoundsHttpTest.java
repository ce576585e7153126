package io.keygate.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.gateway.Gateway;
import io.keygate.gateway.GatewayOptions;
import io.keygate.gateway.GatewayServices;
import io.keygate.gateway.config.DefinitionProblem;
import io.keygate.gateway.config.PolicyDefinition;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Limits too large for the arithmetic underneath them. They used to pass validation and then fail
 * at run time: a rate faster than one token per nanosecond or a period overflowing Bucket4j's
 * nanoseconds answered every request of the policy with a 500, and an upstream timeout overflowing
 * milliseconds made the routing listener throw on every reload, so no API file change after it took
 * effect. Now such files are refused on load, through real sockets and a real key store.
 */
class LimitBoundsHttpTest {
  static Vertx vertx;
  static HttpServer upstream;
  static GatewayDatabase db;
  static QuotaLedger quotas;
  static ApiKeys keys;
  static Gateway gateway;
  static Path data;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    upstream =
        vertx
            .createHttpServer()
            .requestHandler(r -> r.response().end("upstream saw " + r.uri()))
            .listen(0, "127.0.0.1")
            .await();
    data = Files.createTempDirectory("keygate-limits");
    Files.createDirectories(data.resolve("apis"));
    Files.createDirectories(data.resolve("policies"));
    Files.writeString(
        data.resolve("apis/orders.yaml"),
        "name: orders\nlisten: { path: /orders/ }\nupstream: { url: \""
            + upstreamUrl()
            + "\" }\nauth: { apiKey: { header: X-API-Key } }\n");
    Files.writeString(
        data.resolve("policies/good.yaml"),
        "name: good\naccess: [orders]\nrate: { requests: 100, per: 1s }\n"
            + "quota: { max: 1000, per: 1d }\n");
    db = GatewayDatabase.sqlite(data);
    quotas = QuotaLedger.open(db);
    keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    gateway =
        Gateway.start(
                vertx,
                GatewayOptions.defaults(data).withListen("127.0.0.1", 0).withWatch(false),
                new GatewayServices(keys, null, quotas))
            .await();
  }

  @AfterAll
  static void stop() {
    gateway.stop(Duration.ofSeconds(2)).await();
    keys.close();
    quotas.close();
    db.close();
    vertx.close().await();
  }

  private static String upstreamUrl() {
    return "http://127.0.0.1:" + upstream.actualPort();
  }

  private static HttpResponse<String> get(String path, String key) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
    if (key != null) {
      b.header("X-API-Key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> problems() {
    return gateway.definitions().problems().stream().map(DefinitionProblem::toString).toList();
  }

  @Test
  void policiesWithLimitsABucketCannotHold_areRefusedOnLoad_andTheirKeysGet403NotA500()
      throws Exception {
    Path policies = data.resolve("policies");
    Files.writeString(
        policies.resolve("fast.yaml"),
        "name: fast\naccess: [orders]\nrate: { requests: 99999999999, per: 1ms }\n");
    Files.writeString(
        policies.resolve("slow.yaml"),
        "name: slow\naccess: [orders]\nrate: { requests: 3, per: 200000d }\n");
    Files.writeString(
        policies.resolve("endless.yaml"),
        "name: endless\naccess: [orders]\nquota: { max: 5, per: 999999999999d }\n");
    gateway.definitions().reload().await();

    assertThat(problems())
        .contains(
            policies.resolve("fast.yaml")
                + ":3:9: 'rate': 99999999999 requests per 1ms is more than one per nanosecond,"
                + " the fastest a token bucket refills",
            policies.resolve("slow.yaml")
                + ":3:22: 'rate.per': '200000d' is longer than the maximum of 365d",
            policies.resolve("endless.yaml")
                + ":3:18: 'quota.per': '999999999999d' is longer than the maximum of 3650d");
    for (String refused : List.of("fast", "slow", "endless")) {
      HttpResponse<String> r =
          get("/orders/a", keys.create(refused, null, Duration.ofHours(1)).key().reveal());
      assertThat(r.statusCode()).as(refused).isEqualTo(403);
      assertThat(r.body()).as(refused).contains("\"code\":\"UnknownPolicy\"");
    }
    HttpResponse<String> ok = get("/orders/a", keys.create("good", null, null).key().reveal());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("X-RateLimit-Limit")).contains("100");
    assertThat(ok.headers().firstValue("X-Quota-Limit")).contains("1000");
  }

  @Test
  void anUpstreamTimeoutBeyondADay_isRefused_andApisAddedAfterItStillRoute() throws Exception {
    Path apis = data.resolve("apis");
    Files.writeString(
        apis.resolve("stuck.yaml"),
        "name: stuck\nlisten: { path: /stuck/ }\nupstream: { url: \""
            + upstreamUrl()
            + "\", connectTimeout: 999999999999d }\nauth: { keyless: true }\n");
    gateway.definitions().reload().await();
    Files.writeString(
        apis.resolve("later.yaml"),
        "name: later\nlisten: { path: /later/ }\nupstream: { url: \""
            + upstreamUrl()
            + "\" }\nauth: { keyless: true }\n");
    gateway.definitions().reload().await();

    assertThat(problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(apis.resolve("stuck.yaml").toString())
                    .endsWith(
                        "'upstream.connectTimeout': '999999999999d' is longer than the maximum"
                            + " of 1d"));
    HttpResponse<String> later = get("/later/x", null);
    assertThat(later.statusCode()).isEqualTo(200);
    assertThat(later.body()).isEqualTo("upstream saw /x");
    HttpResponse<String> stuck = get("/stuck/x", null);
    assertThat(stuck.statusCode()).isEqualTo(404);
    assertThat(stuck.body()).contains("\"code\":\"NoRoute\"");
  }

  @Test
  void anUpstreamPortOutOfRange_isRefusedOnLoad_insteadOfFailingEachRequestWith500()
      throws Exception {
    Path apis = data.resolve("apis");
    Files.writeString(
        apis.resolve("farport.yaml"),
        "name: farport\nlisten: { path: /farport/ }\nupstream: { url: \"http://127.0.0.1:99999\" }"
            + "\nauth: { keyless: true }\n");
    Files.writeString(
        apis.resolve("zeroport.yaml"),
        "name: zeroport\nlisten: { path: /zeroport/ }\nupstream: { url: \"http://127.0.0.1:0\" }"
            + "\nauth: { keyless: true }\n");
    gateway.definitions().reload().await();

    assertThat(problems())
        .contains(
            apis.resolve("farport.yaml")
                + ":3:13: upstream URL 'http://127.0.0.1:99999' has port 99999; a port is 1-65535",
            apis.resolve("zeroport.yaml")
                + ":3:13: upstream URL 'http://127.0.0.1:0' has port 0; a port is 1-65535");
    HttpResponse<String> r = get("/farport/x", null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("\"code\":\"NoRoute\"");
  }

  @Test
  void aFractionalNumber_isRefused_notTruncated() throws Exception {
    Path policies = data.resolve("policies");
    Files.writeString(
        policies.resolve("half.yaml"),
        "name: half\naccess: [orders]\nrate: { requests: 1.5, per: 1s }\n");
    Files.writeString(
        policies.resolve("tenth.yaml"),
        "name: tenth\naccess: [orders]\nquota: { max: 10.9, per: 1d }\n");
    gateway.definitions().reload().await();

    assertThat(problems())
        .contains(
            policies.resolve("half.yaml")
                + ":3:19: 'rate.requests': '1.5' is not a valid whole number",
            policies.resolve("tenth.yaml")
                + ":3:15: 'quota.max': '10.9' is not a valid whole number");
    HttpResponse<String> r =
        get("/orders/a", keys.create("half", null, Duration.ofHours(1)).key().reveal());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("\"code\":\"UnknownPolicy\"");
  }

  @Test
  void limitsThatBypassedValidation_failThePolicyAsAWhole_notEachRequest() {
    // RateLimit turns this exception into 503 PolicyInvalid; before, the bucket was built lazily
    // per consumer and the overflow escaped as a 500 on every request.
    PolicyDefinition overflowing =
        new PolicyDefinition(
            "p",
            List.of(PolicyDefinition.Access.ofName("orders")),
            new PolicyDefinition.Rate(3, "200000d"),
            null,
            null);
    assertThatThrownBy(() -> new PolicyLimits(overflowing, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate.per is too long for a token bucket");
    PolicyDefinition tooFast =
        new PolicyDefinition(
            "p",
            List.of(PolicyDefinition.Access.ofName("orders")),
            new PolicyDefinition.Rate(99999999999L, "1ms"),
            null,
            null);
    assertThatThrownBy(() -> new PolicyLimits(tooFast, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
