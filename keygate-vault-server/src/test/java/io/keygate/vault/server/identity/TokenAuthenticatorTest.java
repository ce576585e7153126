package io.keygate.vault.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.vault.rbac.Actor;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {
  private static final String ISSUER = "https://keygate.test/keygate/v2.0";
  private static Vertx vertx;
  private final IdentityKeys keys = IdentityKeys.generate();
  private final AdminToken admin = AdminToken.generate();
  private final Set<String> apps = ConcurrentHashMap.newKeySet();
  private final TokenIssuer issuer =
      new TokenIssuer(keys, ISSUER, "keygate", Duration.ofMinutes(10), Clock.systemUTC());

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close();
  }

  private TokenAuthenticator authenticator() {
    return TokenAuthenticator.builder(vertx)
        .adminToken(admin)
        .keygateTokens(issuer, apps::contains)
        .externalIssuer(
            "https://idp.test",
            token ->
                token.endsWith(".good")
                    ? Future.succeededFuture(List.of("user:alice", "group:ops"))
                    : token.endsWith(".odd")
                        ? Future.failedFuture(new IllegalStateException("audience not accepted"))
                        : Future.failedFuture(new ApiError(401, "Unauthorized", "bad signature")))
        .build();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ApiError failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return (ApiError) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void adminToken_isTheAdminPrincipal() throws Exception {
    Authenticated caller = await(authenticator().authenticate(admin.reveal(), "kv2-api"));
    assertThat(caller.admin()).isTrue();
    Actor actor = caller.actor("req-1");
    assertThat(actor.principals()).containsExactly("admin");
    assertThat(actor.via()).isEqualTo("kv2-api");
    assertThat(actor.requestId()).isEqualTo("req-1");
  }

  @Test
  void keygateToken_ofAnExistingApp_isThatAppsPrincipal() throws Exception {
    apps.add("c0ffee");
    String token = issuer.issue("c0ffee", TokenAuthenticator.DEFAULT_AUDIENCE).token();
    Authenticated caller = await(authenticator().authenticate(token, "azure-api"));
    assertThat(caller.principal()).isEqualTo("app:c0ffee");
    assertThat(caller.principals()).containsExactly("app:c0ffee");
    assertThat(caller.issuer()).isEqualTo(Authenticated.KEYGATE);
  }

  @Test
  void keygateToken_ofADeletedApp_isRefused() {
    String token = issuer.issue("gone", TokenAuthenticator.DEFAULT_AUDIENCE).token();
    ApiError error = failure(authenticator().authenticate(token, "azure-api"));
    assertThat(error.status()).isEqualTo(401);
    assertThat(error.code()).isEqualTo("Unauthorized");
    assertThat(error.getMessage()).isEqualTo("the token's app no longer exists");
  }

  @Test
  void keygateToken_forAnotherAudience_isRefused() {
    apps.add("c0ffee");
    String token = issuer.issue("c0ffee", "https://elsewhere.test").token();
    ApiError error = failure(authenticator().authenticate(token, "azure-api"));
    assertThat(error.getMessage())
        .isEqualTo(
            "the token's audience is not accepted here; ask for a token for one of"
                + " [api://keygate]");
    ApiError narrowed =
        failure(
            authenticator()
                .authenticate(
                    issuer.issue("c0ffee", "api://keygate").token(),
                    "azure-api",
                    Set.of("https://127.0.0.1")));
    assertThat(narrowed.status()).isEqualTo(401);
  }

  @Test
  void expiredKeygateToken_isRefused() {
    apps.add("c0ffee");
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    TokenIssuer old = new TokenIssuer(keys, ISSUER, "keygate", Duration.ofMinutes(10), past);
    String token = old.issue("c0ffee", TokenAuthenticator.DEFAULT_AUDIENCE).token();
    assertThat(failure(authenticator().authenticate(token, "azure-api")).getMessage())
        .isEqualTo("the token has expired");
  }

  @Test
  void tokenSignedByAnotherKey_isRefused() {
    apps.add("c0ffee");
    TokenIssuer forger =
        new TokenIssuer(
            IdentityKeys.generate(), ISSUER, "keygate", Duration.ofMinutes(10), Clock.systemUTC());
    String token = forger.issue("c0ffee", TokenAuthenticator.DEFAULT_AUDIENCE).token();
    assertThat(failure(authenticator().authenticate(token, "azure-api")).getMessage())
        .isEqualTo("the token's signature is not valid");
  }

  @Test
  void externalIssuersToken_isCheckedByItsValidator() throws Exception {
    String good = unsignedJwt("https://idp.test") + ".good";
    Authenticated caller = await(authenticator().authenticate(good, "azure-api"));
    assertThat(caller.principals()).containsExactly("user:alice", "group:ops");
    assertThat(caller.issuer()).isEqualTo("https://idp.test");
    String bad = unsignedJwt("https://idp.test") + ".bad";
    assertThat(failure(authenticator().authenticate(bad, "azure-api")).getMessage())
        .isEqualTo("bad signature");
    ApiError odd =
        failure(authenticator().authenticate(unsignedJwt("https://idp.test") + ".odd", "a"));
    assertThat(odd.status()).isEqualTo(401);
    assertThat(odd.getMessage()).isEqualTo("audience not accepted");
  }

  @Test
  void unknownIssuerMissingAndGarbageTokens_areRefusedWith401() {
    assertThat(
            failure(authenticator().authenticate(unsignedJwt("https://evil.test") + ".x", "a"))
                .getMessage())
        .isEqualTo("the token's issuer is not trusted by this Keygate");
    assertThat(failure(authenticator().authenticate("", "a")).getMessage())
        .isEqualTo("missing bearer token");
    assertThat(failure(authenticator().authenticate("not-a-token", "a")).getMessage())
        .isEqualTo("invalid bearer token");
    assertThatThrownBy(() -> authenticator().authenticate("x", null))
        .isInstanceOf(NullPointerException.class);
  }

  private static String unsignedJwt(String iss) {
    var encoder = java.util.Base64.getUrlEncoder().withoutPadding();
    String header = encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes());
    String claims = encoder.encodeToString(("{\"iss\":\"" + iss + "\"}").getBytes());
    return header + "." + claims;
  }
}
