package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keygate.gateway.GatewayServices;
import io.keygate.gateway.accesslog.AccessLog;
import io.keygate.gateway.credentials.InMemorySecretSource;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.CreatedKey;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.gateway.ratelimit.QuotaLedger;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Credential injection through the real gateway (SQLite key store, real upstream on 127.0.0.1):
 * references resolved on behalf of the API-key caller by an in-memory {@code SecretSource}, set as
 * a header, a query parameter or Basic credentials, replacing what the client sent.
 */
class CredentialInjectionTest {
  static Vertx vertx;
  static TestUpstream upstream;
  static GatewayHarness gw;
  static GatewayDatabase db;
  static ApiKeys keys;
  static InMemorySecretSource source = new InMemorySecretSource();
  static String aliceKey;
  static String aliceId;
  static String malloryKey;
  static final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = TestUpstream.start(vertx, "u");
    Path data = Files.createTempDirectory("keygate-credentials");
    db = GatewayDatabase.sqlite(data);
    keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    CreatedKey alice = keys.create("gold", "alice", Duration.ofDays(1));
    aliceKey = alice.key().reveal();
    aliceId = alice.info().id();
    malloryKey = keys.create("gold", "mallory", Duration.ofDays(1)).key().reveal();
    for (String name : new String[] {"upstream-token", "user", "password", "down"}) {
      source.grant("key:" + aliceId, "payments", name);
    }
    source.put("payments", "upstream-token", "token-one");
    source.put("payments", "user", "svc");
    source.put("payments", "password", "pa:ss");
    source.put("payments", "down", "never-served");
    String url = upstream.url();
    gw =
        GatewayHarness.start(
            vertx,
            Map.of(
                "hdr.yaml",
                api(
                    "hdr",
                    url,
                    "- header: Authorization\n    value: \"Bearer ${secret:payments/upstream-token}\""),
                "qry.yaml",
                api("qry", url, "- query: token\n    value: \"${secret:payments/upstream-token}\""),
                "basic.yaml",
                api(
                    "basic",
                    url,
                    "- basic: true\n    value: \"${secret:payments/user}:${secret:payments/password}\""),
                "tenant.yaml",
                api(
                    "tenant",
                    url,
                    "- header: X-Tenant-Key\n    value: \"${secret:crm/tenant-${claim.tid}}\""),
                "missing.yaml",
                api(
                    "missing",
                    url,
                    "- header: X-Key\n    value: \"${secret:payments/nothing-here}\""),
                "down.yaml",
                api("down", url, "- header: X-Key\n    value: \"${secret:payments/down}\"")),
            new GatewayServices(keys, null, QuotaLedger.open(db)).withSecrets(source),
            o -> o);
    Files.writeString(
        gw.dataDir.resolve("policies").resolve("gold.yaml"),
        "name: gold\naccess: [hdr, qry, basic, tenant, missing, down]\n");
    gw.gateway.definitions().reload().await();
    Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
    accessLog.start();
    logger.addAppender(accessLog);
  }

  private static String api(String name, String url, String inject) {
    return "name: "
        + name
        + "\nlisten: { path: /"
        + name
        + "/ }\nupstream: { url: \""
        + url
        + "\" }\nauth: { apiKey: { header: X-API-Key } }\ninject:\n  "
        + inject
        + "\n";
  }

  @AfterAll
  static void stop() {
    ((Logger) LoggerFactory.getLogger(AccessLog.LOGGER)).detachAppender(accessLog);
    gw.close();
    vertx.close().await();
  }

  private HttpResponse<String> get(String path, String apiKey, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(gw.base() + path)).header("X-API-Key", apiKey);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return gw.send(b.build());
  }

  private static JsonObject seen(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static void assertError(HttpResponse<String> r, int status, String code, String message) {
    assertThat(r.statusCode()).isEqualTo(status);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("message")).isEqualTo(message);
  }

  @Test
  void header_isInjected_andReplacesTheHeaderTheClientSent() {
    JsonObject seen = seen(get("/hdr/a", aliceKey, "Authorization", "Bearer client-supplied"));
    assertThat(seen.getJsonObject("headers").getJsonArray("authorization").getList())
        .containsExactly("Bearer token-one");
    assertThat(seen.getJsonObject("headers").containsKey("x-api-key")).isFalse();
  }

  @Test
  void queryParameter_isInjected_andReplacesTheClientsParameter() {
    JsonObject seen = seen(get("/qry/a?token=client-supplied&page=2", aliceKey));
    assertThat(seen.getString("uri")).isEqualTo("/a?page=2&token=token-one");
  }

  @Test
  void basicCredentials_areInjectedAsAuthorizationBasic() {
    JsonObject seen =
        seen(get("/basic/a", aliceKey, "Authorization", "Basic Y2xpZW50OnNlY3JldA=="));
    String expected =
        "Basic " + Base64.getEncoder().encodeToString("svc:pa:ss".getBytes(StandardCharsets.UTF_8));
    assertThat(seen.getJsonObject("headers").getJsonArray("authorization").getList())
        .containsExactly(expected);
  }

  @Test
  void resolution_isOnBehalfOfTheCaller_throughThisNodeForThisApi() {
    seen(get("/hdr/who", aliceKey));
    assertThat(source.callersOf("payments", "upstream-token"))
        .anySatisfy(
            c -> {
              assertThat(c.principals()).containsExactly("key:" + aliceId);
              assertThat(c.api()).isEqualTo("hdr");
              assertThat(c.node()).isNotEmpty();
            });
  }

  @Test
  void callerWithoutTheRole_gets403ForbiddenByRbac_andTheUpstreamSeesNothing() {
    int before = upstream.seen.size();
    HttpResponse<String> r = get("/hdr/denied", malloryKey);
    assertError(
        r,
        403,
        "ForbiddenByRbac",
        "caller may not read the value of secret payments/upstream-token (action secrets/get)");
    assertThat(r.body()).doesNotContain("token-one");
    assertThat(upstream.seen).hasSize(before);
  }

  @Test
  void templateClaimTheCallerLacks_is400ClaimMissing_andTheUpstreamSeesNothing() {
    int before = upstream.seen.size();
    assertError(
        get("/tenant/claimless", aliceKey),
        400,
        "ClaimMissing",
        "the caller's token has no claim 'tid' that a secret reference needs");
    assertThat(upstream.seen).hasSize(before);
    // The vault was never asked, so its audit log has nothing: the access log records the refusal.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                accessLog.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .anyMatch(
                        m ->
                            m.contains("\"/tenant/claimless\"")
                                && m.contains("\"status\":400")
                                && m.contains("\"consumer\":\"alice\"")
                                && m.contains("\"error\":\"ClaimMissing\"")));
  }

  @Test
  void missingSecret_is404SecretNotFound_namingTheSecret() {
    assertError(
        get("/missing/a", aliceKey),
        404,
        "SecretNotFound",
        "secret payments/nothing-here does not exist");
  }

  @Test
  void sourceUnreachable_withNothingCached_is502_andTheUpstreamSeesNothing() {
    int before = upstream.seen.size();
    source.unreachable(true);
    try {
      assertError(
          get("/down/a", aliceKey),
          502,
          "SecretSourceUnavailable",
          "The secret source could not serve secret 'payments/down' (ServiceUnavailable); try"
              + " again later");
    } finally {
      source.unreachable(false);
    }
    assertThat(upstream.seen).hasSize(before);
  }

  @Test
  void steadyState_makesNoSourceCallPerRequest() {
    seen(get("/hdr/warm", aliceKey));
    int before = source.calls();
    for (int i = 0; i < 50; i++) {
      seen(get("/hdr/steady", aliceKey));
    }
    assertThat(source.calls()).isEqualTo(before);
    assertThat(gw.gateway.metrics().scrape())
        .contains("keygate_secret_source_reads_total " + (double) source.calls())
        .contains("keygate_secret_stale_served_total 0.0")
        .doesNotContain("token-one");
  }

  @Test
  void newVersion_isInjectedOnTheNextRequest_andTheAccessLogNamesTheVersionNotTheValue() {
    source.put("payments", "user", "svc");
    String v2 = source.put("payments", "password", "rotated-pw");
    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString("svc:rotated-pw".getBytes(StandardCharsets.UTF_8));
    JsonObject seen = seen(get("/basic/rotated", aliceKey));
    assertThat(seen.getJsonObject("headers").getJsonArray("authorization").getList())
        .containsExactly(expected);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                accessLog.list.stream()
                    .anyMatch(
                        e ->
                            e.getFormattedMessage().contains("/basic/rotated")
                                && e.getFormattedMessage()
                                    .contains("\"payments/password\":\"" + v2 + "\"")));
    assertThat(accessLog.list)
        .noneMatch(e -> e.getFormattedMessage().contains("rotated-pw"))
        .noneMatch(e -> e.getFormattedMessage().contains("token-one"));
  }
}
