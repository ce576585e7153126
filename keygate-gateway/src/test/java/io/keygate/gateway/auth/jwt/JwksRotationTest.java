package io.keygate.gateway.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.keygate.gateway.config.JwtAuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JWKS cache against a real JWKS endpoint whose keys the test rotates and whose requests it
 * counts: rotation, background refresh, bounded refetches, size limits, and key types.
 */
class JwksRotationTest {
  static final String ISSUER = "https://idp.example.com/";
  static final String AUD = "api://payments";

  Vertx vertx;
  JwksServer provider;
  AuthServer server;
  JwksRegistry registry;
  List<JwtAuthenticator> authenticators = new ArrayList<>();
  RSAKey keyA;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    keyA = Tokens.rsaKey("key-a");
    provider = JwksServer.start(vertx, keyA);
    server = AuthServer.start(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    authenticators.forEach(JwtAuthenticator::close);
    if (registry != null) {
      registry.close();
    }
    server.close();
    provider.close();
    join(vertx.close());
  }

  static <T> T join(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  JwtAuthenticator authenticator(JwtSettings settings) throws Exception {
    if (registry == null) {
      registry = JwksRegistry.create(vertx, settings);
    }
    JwtAuthenticator auth =
        JwtAuthenticator.create(
            vertx,
            List.of(
                new JwtAuthConfig(
                    ISSUER, provider.url(), List.of(AUD), null, null, null, null, null, null)),
            registry);
    authenticators.add(auth);
    join(auth.ready());
    server.use(auth);
    return auth;
  }

  static String tokenSignedBy(JWK key) throws Exception {
    return Tokens.sign(key, Tokens.claims(ISSUER, AUD, "user-1"));
  }

  @Test
  void rotatedKey_isServedWithoutAFailedRequest() throws Exception {
    authenticator(JwtSettings.DEFAULTS.withMinRefetchInterval(Duration.ofMillis(500)));
    String verifiedBefore = tokenSignedBy(keyA);
    assertThat(server.bearer(verifiedBefore).status()).isEqualTo(200);
    assertThat(provider.requests()).isEqualTo(1);

    RSAKey keyB = Tokens.rsaKey("key-b");
    provider.serve(keyB);
    List<CompletableFuture<AuthServer.Response>> burst = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      burst.add(server.bearerAsync(tokenSignedBy(keyB)));
    }

    for (CompletableFuture<AuthServer.Response> r : burst) {
      assertThat(r.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    }
    assertThat(provider.requests()).isEqualTo(2);
    // Already verified (and remembered) before the rotation: its key is gone, so is the token.
    AuthServer.Response old = server.bearer(verifiedBefore);
    assertThat(old.status()).isEqualTo(401);
    assertThat(old.errorMessage()).isEqualTo("unknown signing key");
  }

  @Test
  void keysAreRefreshedInTheBackgroundByMaxAge() throws Exception {
    provider.cacheControl("public, max-age=1");
    authenticator(JwtSettings.DEFAULTS.withMinRefetchInterval(Duration.ofMillis(200)));
    RSAKey keyB = Tokens.rsaKey("key-b");
    provider.serve(keyA, keyB);

    int before = provider.requests();
    await().atMost(Duration.ofSeconds(10)).until(() -> provider.requests() >= before + 2);

    assertThat(server.bearer(tokenSignedBy(keyB)).status()).isEqualTo(200);
  }

  @Test
  void floodOfUnknownKids_makesBoundedRequestsToTheProvider() throws Exception {
    Duration interval = Duration.ofSeconds(1);
    authenticator(JwtSettings.DEFAULTS.withMinRefetchInterval(interval));
    RSAKey attacker = Tokens.rsaKey("unused");
    int before = provider.requests();
    long start = System.nanoTime();

    List<CompletableFuture<AuthServer.Response>> flood = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      flood.add(
          server.bearerAsync(
              Tokens.sign(
                  attacker,
                  new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("garbage-" + i),
                  Tokens.claims(ISSUER, AUD, "x"))));
    }
    for (CompletableFuture<AuthServer.Response> r : flood) {
      AuthServer.Response response = r.get(30, TimeUnit.SECONDS);
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.errorMessage()).isEqualTo("unknown signing key");
    }
    long elapsed = System.nanoTime() - start;

    long allowed = elapsed / interval.toNanos() + 1;
    assertThat(provider.requests() - before).isBetween(1, (int) allowed);
    assertThat(server.bearer(tokenSignedBy(keyA)).status()).isEqualTo(200);
  }

  @Test
  void es256AndPs256Tokens_verifyByDefault() throws Exception {
    ECKey ec = Tokens.ecKey("key-ec");
    provider.serve(keyA, ec);
    authenticator(JwtSettings.DEFAULTS);

    assertThat(server.bearer(tokenSignedBy(ec)).status()).isEqualTo(200);
    String ps256 =
        Tokens.sign(
            keyA,
            new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("key-a"),
            Tokens.claims(ISSUER, AUD, "user-1"));
    assertThat(server.bearer(ps256).status()).isEqualTo(200);
  }

  @Test
  void esTokenNamingAnRsaKey_isRefusedWithoutARefetch() throws Exception {
    authenticator(JwtSettings.DEFAULTS);
    ECKey ec = Tokens.ecKey("key-a");
    int before = provider.requests();

    AuthServer.Response r = server.bearer(tokenSignedBy(ec));

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorMessage()).isEqualTo("algorithm does not match the signing key");
    assertThat(provider.requests()).isEqualTo(before);
  }

  @Test
  void issuersSharingAJwksUri_shareOneCacheAcrossApis() throws Exception {
    authenticator(JwtSettings.DEFAULTS);
    authenticator(JwtSettings.DEFAULTS);
    assertThat(provider.requests()).isEqualTo(1);
    assertThat(server.bearer(tokenSignedBy(keyA)).status()).isEqualTo(200);
  }

  @Test
  void jwksLargerThanTheLimit_isNotLoaded() throws Exception {
    List<JWK> many = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      many.add(Tokens.ecKey("k" + i));
    }
    many.add(keyA);
    provider.serve(many.toArray(JWK[]::new));
    JwtSettings small =
        new JwtSettings(
            16 * 1024,
            Duration.ofMinutes(10),
            Duration.ofMillis(200),
            Duration.ofSeconds(5),
            2048,
            Duration.ofSeconds(30),
            10_000);
    authenticator(small);

    AuthServer.Response r = server.bearer(tokenSignedBy(keyA));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorMessage()).isEqualTo("unknown signing key");
  }

  @Test
  void providerThatNeverAnswers_timesOutAndDoesNotBlockLaterFetches() throws Exception {
    provider.hang(true);
    JwtSettings quick =
        new JwtSettings(
            16 * 1024,
            Duration.ofMinutes(10),
            Duration.ofMillis(200),
            Duration.ofMillis(300),
            512 * 1024,
            Duration.ofSeconds(30),
            10_000);
    authenticator(quick);
    assertThat(server.bearer(tokenSignedBy(keyA)).errorMessage()).isEqualTo("unknown signing key");

    provider.hang(false);

    assertThat(server.bearer(tokenSignedBy(keyA)).status()).isEqualTo(200);
  }

  @Test
  void inlineKeys_verifyWithoutAnyFetch() throws Exception {
    registry = JwksRegistry.create(vertx);
    JwtAuthenticator auth =
        JwtAuthenticator.create(
            vertx,
            List.of(
                new JwtAuthConfig(
                    ISSUER,
                    null,
                    List.of(AUD),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(keyA.toPublicJWK().toJSONObject()))),
            registry);
    authenticators.add(auth);
    server.use(auth);

    assertThat(server.bearer(tokenSignedBy(keyA)).status()).isEqualTo(200);
    assertThat(auth.authenticateToken(tokenSignedBy(keyA)).result().consumer()).isEqualTo("user-1");
    assertThat(provider.requests()).isZero();
  }
}
