package io.keygate.vault.server.identity;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.apps.AppRegistry;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.SelfSignedCertificate;
import io.keygate.vault.server.kv2.AppRoleLogin;
import io.keygate.vault.server.kv2.Kv2Api;
import io.netty.handler.ssl.SslContextBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real admin listener (HTTPS on 127.0.0.1, port 0) serving the token endpoint and the KV v2
 * AppRole login with ONE login throttle whose windows run on a clock the test moves: what {@code
 * serve} wires, with a small budget so tests stay short.
 */
final class ThrottledServer implements AutoCloseable {
  static final String TENANT = "keygate";
  final MovableClock clock = new MovableClock();
  final SecretVault vault;
  final AppRegistry apps;
  final Vertx vertx;
  final AdminServer server;
  final AdminToken token;
  final Path certificate;
  final java.net.http.HttpClient plain;
  final HttpClient azureHttp;
  private final SSLContext tls;

  ThrottledServer(Path data, LoginThrottle.Settings settings) throws Exception {
    MasterKeySource key = MasterKeySource.keyFile(data.resolve("master-key.json"));
    VaultOptions options =
        VaultOptions.embedded(data).withMasterKey(key).withSweepInterval(Duration.ZERO);
    this.vault = SecretVault.open(options);
    this.apps = AppRegistry.open(options);
    this.vertx = Vertx.vertx();
    this.token = AdminToken.generate();
    var tls = SelfSignedCertificate.loadOrGenerate(data, List.of());
    this.certificate = tls.certificate();
    IdentityKeys keys = IdentityKeys.generate();
    TokenIssuer issuer =
        new TokenIssuer(
            keys,
            "https://keygate.test/" + TENANT + "/v2.0",
            TENANT,
            Duration.ofMinutes(30),
            Clock.systemUTC());
    AdminServer.Builder builder =
        AdminServer.builder(vertx)
            .listen("127.0.0.1", 0)
            .tls(tls.certificate(), tls.privateKey())
            .token(token)
            .vault(vault, key);
    LoginThrottle throttle = LoginThrottle.create(settings, clock);
    IdentityApi identity =
        IdentityApi.addTo(
            builder, vertx, apps, keys, issuer, vault.audit(), Clock.systemUTC(), throttle);
    // As serve wires it (IdentityWiring): role_id = client id, secret_id = client secret.
    AppRoleLogin appRole =
        (roleId, secretId) ->
            identity
                .login(roleId, secretId, TokenAuthenticator.DEFAULT_AUDIENCE, "kv2-approle")
                .map(
                    issued ->
                        issued == null
                            ? null
                            : new AppRoleLogin.LoginToken(
                                roleId,
                                SecretValue.of(issued.token()),
                                Duration.ofSeconds(issued.expiresIn())));
    builder.selfAuthenticated(
        Kv2Api.create(vault, token).withAppRole(appRole, identity.throttle())::install);
    this.server =
        builder.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    SSLContext pinned = pinned(certificate);
    this.tls = pinned;
    this.plain =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .sslContext(pinned)
            .build();
    this.azureHttp =
        new NettyAsyncHttpClientBuilder(
                reactor.netty.http.client.HttpClient.create()
                    .secure(
                        spec -> {
                          try {
                            spec.sslContext(
                                SslContextBuilder.forClient()
                                    .trustManager(certificate.toFile())
                                    .build());
                          } catch (javax.net.ssl.SSLException e) {
                            throw new IllegalStateException(e);
                          }
                        }))
            .build();
  }

  String base() {
    return "https://localhost:" + server.port();
  }

  /** Registers an app with a client secret. */
  App app() throws Exception {
    HttpResponse<String> created =
        send(
            "POST",
            "/v1/apps",
            new JsonObject().put("displayName", "throttle test").encode(),
            "application/json",
            "Bearer " + token.reveal());
    if (created.statusCode() != 201 && created.statusCode() != 200) {
      throw new AssertionError("POST /v1/apps -> " + created.statusCode() + " " + created.body());
    }
    JsonObject body = new JsonObject(created.body());
    return new App(body.getString("clientId"), body.getString("clientSecret"));
  }

  /** A client-credentials request with {@code client_secret} in the form. */
  HttpResponse<String> token(String clientId, String secret) throws Exception {
    String form =
        "grant_type=client_credentials&scope="
            + URLEncoder.encode("api://keygate/.default", StandardCharsets.UTF_8)
            + "&client_id="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return send(
        "POST",
        "/" + TENANT + "/oauth2/v2.0/token",
        form,
        "application/x-www-form-urlencoded",
        null);
  }

  /**
   * A client-credentials request with {@code client_secret}, sent from the loopback address {@code
   * local} (127.0.0.2, say): another remote address for the server. Plain HTTP/1.1 over a TLS
   * socket, since the JDK's client cannot choose its local address.
   */
  RawAnswer tokenFrom(String local, String clientId, String secret) throws Exception {
    String form =
        "grant_type=client_credentials&scope="
            + URLEncoder.encode("api://keygate/.default", StandardCharsets.UTF_8)
            + "&client_id="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    byte[] body = form.getBytes(StandardCharsets.UTF_8);
    try (var socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket()) {
      socket.bind(new java.net.InetSocketAddress(local, 0));
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 10_000);
      socket.setSoTimeout(30_000);
      String head =
          "POST /"
              + TENANT
              + "/oauth2/v2.0/token HTTP/1.1\r\nHost: 127.0.0.1:"
              + server.port()
              + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
              + body.length
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(body);
      socket.getOutputStream().flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(answer.substring(9, 12));
      return new RawAnswer(status, answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }
  }

  /** A status and body read off the wire. */
  record RawAnswer(int status, String body) {}

  /** A client-credentials request with a {@code client_assertion} and no client_id. */
  HttpResponse<String> tokenWithAssertion(String assertion) throws Exception {
    String form =
        "grant_type=client_credentials&scope="
            + URLEncoder.encode("api://keygate/.default", StandardCharsets.UTF_8)
            + "&client_assertion_type="
            + URLEncoder.encode(ClientAuthentication.JWT_BEARER, StandardCharsets.UTF_8)
            + "&client_assertion="
            + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
    return send(
        "POST",
        "/" + TENANT + "/oauth2/v2.0/token",
        form,
        "application/x-www-form-urlencoded",
        null);
  }

  /** The token endpoint's URL as clients address it (a client assertion's audience). */
  String tokenEndpoint() {
    return "https://127.0.0.1:" + server.port() + "/" + TENANT + "/oauth2/v2.0/token";
  }

  /** Vault's AppRole login. */
  HttpResponse<String> appRole(String roleId, String secretId) throws Exception {
    String body = new JsonObject().put("role_id", roleId).put("secret_id", secretId).encode();
    return send("POST", "/v1/auth/approle/login", body, "application/json", null);
  }

  /** azure-identity's credential for {@code app}, retrying {@code retries} times. */
  TokenCredential credential(App app, int retries) {
    return new ClientSecretCredentialBuilder()
        .retryOptions(
            new com.azure.core.http.policy.RetryOptions(
                new com.azure.core.http.policy.FixedDelayOptions(retries, Duration.ofMillis(1))))
        .authorityHost(base())
        .tenantId(TENANT)
        .clientId(app.clientId())
        .clientSecret(app.secret())
        .disableInstanceDiscovery()
        .httpClient(azureHttp)
        .build();
  }

  private HttpResponse<String> send(
      String method, String path, String body, String contentType, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return plain.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static SSLContext pinned(Path certificate) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (var in = Files.newInputStream(certificate)) {
      store.setCertificateEntry(
          "admin", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    apps.close();
    vault.close();
  }

  record App(String clientId, String secret) {
    @Override
    public String toString() {
      return "App[" + clientId + "]";
    }
  }

  /** A clock the test moves forward; the throttle's windows run on it. */
  static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    void advance(Duration by) {
      now.updateAndGet(at -> at.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
