package io.keygate.gateway.auth;

import static io.keygate.gateway.auth.KeyChainHttpTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.gateway.auth.jwt.JwksRegistry;
import io.keygate.gateway.auth.jwt.JwtAuthenticator;
import io.keygate.gateway.chain.Step;
import io.keygate.gateway.config.ApiDefinition;
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
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policies bound to principals, for JWT callers from a real OIDC provider. */
class JwtPolicyBindingHttpTest {
  private static final String AUDIENCE = "api://partners";
  @TempDir static Path data;
  private static Vertx vertx;
  private static MockOAuth2Server oidc;
  private static JwksRegistry jwks;
  private static GatewayDatabase db;
  private static ApiKeys keys;
  private static StepServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    oidc = new MockOAuth2Server();
    oidc.start(InetAddress.getByName("127.0.0.1"), 0);
    jwks = JwksRegistry.create(vertx);
    db = GatewayDatabase.sqlite(data);
    keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    JwtAuthConfig issuer =
        new JwtAuthConfig(
            oidc.issuerUrl("default").toString(),
            null,
            List.of(AUDIENCE),
            null,
            null,
            new JwtAuthConfig.IdentityMapping("generic", null, null, null, null, null),
            null,
            null,
            null);
    ApiDefinition partners =
        new ApiDefinition(
            "partners",
            new ApiDefinition.Listen("/partners/", true, null),
            new ApiDefinition.Upstream("http://127.0.0.1:9", null, null, null),
            new ApiDefinition.Auth(List.of(issuer), null, null),
            "partners-default",
            List.of(),
            null);
    Map<String, PolicyDefinition> policies =
        Map.of(
            "partners-default",
                new PolicyDefinition(
                    "partners-default",
                    List.of(Access.ofName("partners")),
                    new PolicyDefinition.Rate(100, "1h"),
                    null,
                    List.of()),
            "finance",
                new PolicyDefinition(
                    "finance",
                    List.of(Access.ofName("partners")),
                    new PolicyDefinition.Rate(1, "1h"),
                    null,
                    List.of("group:finance")),
            "outsiders",
                new PolicyDefinition(
                    "outsiders",
                    List.of(Access.ofName("other")),
                    null,
                    null,
                    List.of("group:outsiders")));
    AuthenticatorFactory factory =
        new AuthenticatorFactory(keys, issuers -> JwtAuthenticator.create(vertx, issuers, jwks));
    List<Step> steps =
        List.of(
            new Authenticate(factory),
            new Authorize(() -> policies),
            new RateLimit(QuotaLedger.inMemory(Clock.systemUTC())));
    server = StepServer.start(vertx, () -> Map.of("partners", partners), steps);
  }

  @AfterAll
  static void stop() {
    server.close();
    keys.close();
    db.close();
    jwks.close();
    oidc.shutdown();
    vertx.close().await();
  }

  @Test
  void callerInABoundGroup_getsThatGroupsPolicy() throws Exception {
    String token = token("ann", List.of("finance"));

    HttpResponse<String> first = get(token);
    HttpResponse<String> second = get(token);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(new JsonObject(first.body()).getString("consumer")).isEqualTo("ann");
    assertThat(first.headers().firstValue("X-RateLimit-Limit")).hasValue("1");
    assertError(second, 429, "RateLimited", "Rate limit of 1 requests per 1h exceeded");
  }

  @Test
  void callerInNoBoundGroup_getsTheApisPolicy() throws Exception {
    HttpResponse<String> r = get(token("bob", List.of("sales")));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-RateLimit-Limit")).hasValue("100");
  }

  @Test
  void callerBoundToAPolicyWithoutThisApi_is403() throws Exception {
    assertError(
        get(token("eve", List.of("outsiders"))),
        403,
        "AccessDenied",
        "Policy 'outsiders' does not allow GET /x on API 'partners'");
  }

  private static String token(String subject, List<String> groups) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("iss", oidc.issuerUrl("default").toString());
    claims.put("aud", AUDIENCE);
    claims.put("sub", subject);
    claims.put("groups", groups);
    return oidc.getConfig()
        .getTokenProvider()
        .jwt(claims, Duration.ofHours(1), "default")
        .serialize();
  }

  private static HttpResponse<String> get(String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/partners/x"))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
