package io.keygate.vault.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.core.credential.TokenRequestContext;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.VaultLoginException;
import org.springframework.vault.client.ClientHttpRequestFactoryFactory;
import org.springframework.vault.client.VaultClients;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.support.ClientOptions;
import org.springframework.vault.support.SslConfiguration;

/**
 * Failed sign-ins at the token endpoint and at Vault's AppRole login, over real HTTPS: 10 failures
 * per client id and 30 per address per minute (the defaults), on a clock the test moves.
 */
class LoginThrottleHttpTest {
  private static final String WRONG = "kgs_wrongSecretCanary0123456789";
  private static final String TOKEN_THROTTLED =
      "too many failed sign-ins for this client or from this address; retry after 6 seconds";
  private static final String APPROLE_THROTTLED =
      "{\"errors\":[\"too many failed logins for this role_id or from this address; retry after 6"
          + " seconds\"]}";

  /** Another loopback address: a second remote address as the server sees it. */
  private static final String STRANGER = "127.0.0.2";

  @TempDir static Path data;
  static ThrottledServer keygate;

  @BeforeAll
  static void start() throws Exception {
    keygate = new ThrottledServer(data, LoginThrottle.Settings.DEFAULTS);
  }

  @AfterAll
  static void stop() throws Exception {
    keygate.close();
  }

  /** Every test starts with full buckets: a whole window has passed since the last one. */
  @BeforeEach
  void aWindowPasses() {
    keygate.clock.advance(Duration.ofMinutes(1));
  }

  private static void failTimes(ThrottledServer.App app, int times) throws Exception {
    for (int i = 0; i < times; i++) {
      HttpResponse<String> refused = keygate.token(app.clientId(), WRONG);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(new JsonObject(refused.body()).getString("error")).isEqualTo("invalid_client");
    }
  }

  @Test
  void theEleventhWrongSecret_isAnswered429WithRetryAfter_evenWithTheRightSecret()
      throws Exception {
    ThrottledServer.App app = keygate.app();
    failTimes(app, 10);

    HttpResponse<String> eleventh = keygate.token(app.clientId(), WRONG);
    HttpResponse<String> rightSecret = keygate.token(app.clientId(), app.secret());

    assertThat(eleventh.statusCode()).isEqualTo(429);
    assertThat(eleventh.headers().firstValue("Retry-After")).hasValue("6");
    assertThat(eleventh.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject body = new JsonObject(eleventh.body());
    assertThat(body.getString("error")).isEqualTo("temporarily_unavailable");
    assertThat(body.getString("error_description")).isEqualTo(TOKEN_THROTTLED);
    assertThat(eleventh.body()).doesNotContain(WRONG);
    // Checked before the secret: a throttled attempt tells nothing about the secret it carried.
    assertThat(rightSecret.statusCode()).isEqualTo(429);
    assertThat(new JsonObject(rightSecret.body()).getString("error_description"))
        .isEqualTo(TOKEN_THROTTLED);
  }

  @Test
  void azureIdentitysClientSecretCredential_failsWithTheThrottlingMessageAndStatus()
      throws Exception {
    ThrottledServer.App app = keygate.app();
    failTimes(app, 10);

    // No retries: by default azure-core waits Retry-After and tries three more times.
    Throwable thrown =
        catchThrowable(
            () ->
                keygate
                    .credential(app, 0)
                    .getTokenSync(new TokenRequestContext().addScopes("api://keygate/.default")));

    assertThat(thrown).hasMessageContaining(TOKEN_THROTTLED);
    assertThat(thrown).hasRootCauseInstanceOf(MsalServiceException.class);
    MsalServiceException msal = (MsalServiceException) rootCause(thrown);
    assertThat(msal.statusCode()).isEqualTo(429);
    assertThat(msal.errorCode()).isEqualTo("temporarily_unavailable");
    assertThat(msal.getMessage()).isEqualTo(TOKEN_THROTTLED);
  }

  private static Throwable rootCause(Throwable thrown) {
    Throwable cause = thrown;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  @Test
  void forgedClientAssertions_countAgainstTheClientTheyClaim() throws Exception {
    ThrottledServer.App app = keygate.app();
    ECKey unregistered = new ECKeyGenerator(Curve.P_256).generate();
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> refused =
          keygate.tokenWithAssertion(forged(app.clientId(), unregistered));
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(new JsonObject(refused.body()).getString("error_description"))
          .isEqualTo(
              "client_assertion is not signed by a certificate registered for app "
                  + app.clientId());
    }

    HttpResponse<String> eleventh =
        keygate.tokenWithAssertion(forged(app.clientId(), unregistered));
    HttpResponse<String> rightSecret = keygate.token(app.clientId(), app.secret());

    assertThat(eleventh.statusCode()).isEqualTo(429);
    assertThat(rightSecret.statusCode()).isEqualTo(429);
  }

  private static String forged(String clientId, ECKey key) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).build(),
            new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(keygate.tokenEndpoint())
                .expirationTime(java.util.Date.from(Instant.now().plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString())
                .build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  @Test
  void anotherClientsRightSecret_stillGetsAToken_whileOneClientIsThrottled() throws Exception {
    ThrottledServer.App attacked = keygate.app();
    ThrottledServer.App other = keygate.app();
    failTimes(attacked, 10);

    HttpResponse<String> throttled = keygate.token(attacked.clientId(), WRONG);
    HttpResponse<String> issued = keygate.token(other.clientId(), other.secret());

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(issued.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(issued.body()).getString("access_token")).isNotBlank();
  }

  @Test
  void triesComeBackAsTheWindowPasses_oneEverySixSeconds() throws Exception {
    ThrottledServer.App app = keygate.app();
    failTimes(app, 10);
    assertThat(keygate.token(app.clientId(), app.secret()).statusCode()).isEqualTo(429);

    keygate.clock.advance(Duration.ofSeconds(5));
    HttpResponse<String> early = keygate.token(app.clientId(), app.secret());
    keygate.clock.advance(Duration.ofSeconds(1));
    HttpResponse<String> afterOneTry = keygate.token(app.clientId(), app.secret());
    keygate.clock.advance(Duration.ofMinutes(1));
    HttpResponse<String> afterTheWindow = keygate.token(app.clientId(), WRONG);

    assertThat(early.statusCode()).isEqualTo(429);
    assertThat(early.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(afterOneTry.statusCode()).isEqualTo(200);
    assertThat(afterTheWindow.statusCode()).isEqualTo(401);
  }

  @Test
  void whereAClientSignedInBefore_strangersFailuresDoNotLockItOut() throws Exception {
    ThrottledServer.App app = keygate.app();
    assertThat(keygate.token(app.clientId(), app.secret()).statusCode()).isEqualTo(200);
    for (int i = 0; i < 10; i++) {
      assertThat(keygate.tokenFrom(STRANGER, app.clientId(), WRONG).status()).isEqualTo(401);
    }

    ThrottledServer.RawAnswer strangersEleventh =
        keygate.tokenFrom(STRANGER, app.clientId(), WRONG);
    ThrottledServer.RawAnswer rightSecretElsewhere =
        keygate.tokenFrom(STRANGER, app.clientId(), app.secret());
    HttpResponse<String> rightSecretAtHome = keygate.token(app.clientId(), app.secret());

    assertThat(strangersEleventh.status()).isEqualTo(429);
    assertThat(new JsonObject(strangersEleventh.body()).getString("error"))
        .isEqualTo("temporarily_unavailable");
    assertThat(rightSecretElsewhere.status()).isEqualTo(429);
    assertThat(rightSecretAtHome.statusCode()).isEqualTo(200);
  }

  @Test
  void aBurstOfConcurrentGuesses_getsNoMoreTriesThanASequence() throws Exception {
    ThrottledServer.App app = keygate.app();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        Callable<HttpResponse<String>> guess = () -> keygate.token(app.clientId(), WRONG);
        answers.add(pool.submit(guess));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : answers) {
        statuses.add(answer.get().statusCode());
      }

      Map<Integer, Long> counted =
          statuses.stream()
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(counted).containsExactlyInAnyOrderEntriesOf(Map.of(401, 10L, 429, 14L));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void thirtyFailuresFromOneAddress_throttleItsNextAttempt_whateverTheClientId() throws Exception {
    ThrottledServer.App app = keygate.app();
    for (int i = 0; i < 30; i++) {
      assertThat(keygate.token("rotating-client-" + i, WRONG).statusCode()).isEqualTo(401);
    }

    HttpResponse<String> next = keygate.token(app.clientId(), app.secret());

    assertThat(next.statusCode()).isEqualTo(429);
    assertThat(new JsonObject(next.body()).getString("error")).isEqualTo("temporarily_unavailable");
  }

  @Test
  void theEleventhWrongSecretId_isAnswered429InVaultsErrorShape() throws Exception {
    ThrottledServer.App app = keygate.app();
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> refused = keygate.appRole(app.clientId(), WRONG);
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).isEqualTo("{\"errors\":[\"invalid role_id or secret_id\"]}");
    }

    HttpResponse<String> eleventh = keygate.appRole(app.clientId(), app.secret());
    HttpResponse<String> otherApp = keygate.appRole(keygate.app().clientId(), WRONG);

    assertThat(eleventh.statusCode()).isEqualTo(429);
    assertThat(eleventh.headers().firstValue("Retry-After")).hasValue("6");
    assertThat(eleventh.body()).isEqualTo(APPROLE_THROTTLED);
    assertThat(otherApp.statusCode()).isEqualTo(400);
  }

  @Test
  void springVaultsAppRoleAuthentication_failsWithTheThrottlingMessage() throws Exception {
    ThrottledServer.App app = keygate.app();
    for (int i = 0; i < 10; i++) {
      assertThat(keygate.appRole(app.clientId(), WRONG).statusCode()).isEqualTo(400);
    }
    VaultEndpoint endpoint = VaultEndpoint.create("127.0.0.1", keygate.server.port());
    ClientHttpRequestFactory http =
        ClientHttpRequestFactoryFactory.create(
            new ClientOptions(),
            SslConfiguration.forTrustStore(
                SslConfiguration.KeyStoreConfiguration.of(
                        new FileSystemResource(keygate.certificate.toFile()))
                    .withStoreType(SslConfiguration.PEM_KEYSTORE_TYPE)));
    AppRoleAuthentication appRole =
        new AppRoleAuthentication(
            AppRoleAuthenticationOptions.builder()
                .roleId(AppRoleAuthenticationOptions.RoleId.provided(app.clientId()))
                .secretId(AppRoleAuthenticationOptions.SecretId.provided(app.secret()))
                .build(),
            VaultClients.createRestTemplate(endpoint, http));

    Throwable thrown = catchThrowable(appRole::login);

    assertThat(thrown)
        .isInstanceOf(VaultLoginException.class)
        .hasMessage(
            "Cannot login using AppRole: too many failed logins for this role_id or from this"
                + " address; retry after 6 seconds");
  }

  @Test
  void failuresCountOnce_whicheverLoginSurfaceTheyComeThrough() throws Exception {
    ThrottledServer.App app = keygate.app();
    failTimes(app, 5);
    for (int i = 0; i < 5; i++) {
      assertThat(keygate.appRole(app.clientId(), WRONG).statusCode()).isEqualTo(400);
    }

    HttpResponse<String> appRole = keygate.appRole(app.clientId(), app.secret());
    HttpResponse<String> token = keygate.token(app.clientId(), app.secret());

    assertThat(appRole.statusCode()).isEqualTo(429);
    assertThat(token.statusCode()).isEqualTo(429);
    keygate.clock.advance(Duration.ofSeconds(6));
    HttpResponse<String> loggedIn = keygate.appRole(app.clientId(), app.secret());
    assertThat(loggedIn.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(loggedIn.body()).getJsonObject("auth").getString("client_token"))
        .isNotBlank();
  }
}
