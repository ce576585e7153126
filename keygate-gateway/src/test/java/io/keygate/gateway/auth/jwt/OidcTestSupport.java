package io.keygate.gateway.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import io.keygate.gateway.config.JwtAuthConfig;
import io.keygate.gateway.config.JwtAuthConfig.IdentityMapping;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * A real OIDC provider (mock-oauth2-server) and a real HTTP server driving the authenticator under
 * test, shared by the JWT authentication tests.
 */
abstract class OidcTestSupport {
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
    return config(Variation.NONE);
  }

  /** What a test changes in the default issuer's configuration; null keeps the default. */
  record Variation(
      String clockSkew,
      String preset,
      List<String> algorithms,
      List<String> scopes,
      List<String> roles,
      Map<String, Object> claims) {
    static final Variation NONE = new Variation(null, null, null, null, null, null);
  }

  static JwtAuthConfig config(Variation v) {
    return new JwtAuthConfig(
        issuer,
        null,
        List.of(AUD, "api://other"),
        v.algorithms(),
        v.clockSkew(),
        new IdentityMapping(
            v.preset() == null ? "generic" : v.preset(), null, null, null, null, null),
        v.scopes(),
        v.roles(),
        v.claims());
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
    assertThat(r.errorCode()).isEqualTo("InvalidToken");
    assertThat(r.errorMessage()).isEqualTo(description);
    assertThat(r.challenge())
        .isEqualTo(
            "Bearer realm=\"keygate\", error=\"invalid_token\", error_description=\""
                + description
                + "\"");
  }
}
