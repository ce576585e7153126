package io.keygate.vault.server.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import io.keygate.testfixtures.PinnedTls;
import io.keygate.testfixtures.VaultTestHostNames;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.apps.AppRegistry;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.SelfSignedCertificate;
import io.keygate.vault.server.identity.IdentityApi;
import io.keygate.vault.server.identity.IdentityKeys;
import io.keygate.vault.server.identity.TokenAuthenticator;
import io.keygate.vault.server.identity.TokenIssuer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real admin listener with the identity service and the Azure-compatible API over TLS (a
 * self-signed certificate valid for {@code *.vault.test}), a vault {@code payments}, and an app
 * that holds {@code secrets-officer} on it; plus Azure SDK clients built exactly as a user would,
 * trusting that certificate.
 */
final class AzureFixture implements AutoCloseable {
  static final String TENANT = "keygate";
  static final String ISSUER = "https://keygate.test/" + TENANT + "/v2.0";
  final Path data;
  final SecretVault vault;
  final AppRegistry apps;
  final Vertx vertx;
  final AdminServer server;
  final AdminToken token;
  final Path certificate;
  final HttpClient http;
  final java.net.http.HttpClient plain;
  final TokenIssuer issuer;

  AzureFixture(Path data) throws Exception {
    this.data = data;
    MasterKeySource key = MasterKeySource.keyFile(data.resolve("master-key.json"));
    VaultOptions options =
        VaultOptions.embedded(data).withMasterKey(key).withSweepInterval(Duration.ZERO);
    this.vault = SecretVault.open(options);
    this.apps = AppRegistry.open(options);
    vault.createVault("payments");
    this.vertx = Vertx.vertx();
    this.token = AdminToken.generate();
    var tls = SelfSignedCertificate.loadOrGenerate(data, List.of("*." + VaultTestHostNames.DOMAIN));
    this.certificate = tls.certificate();
    IdentityKeys keys = IdentityKeys.generate();
    this.issuer = new TokenIssuer(keys, ISSUER, TENANT, Duration.ofMinutes(30), Clock.systemUTC());
    TokenAuthenticator authenticator =
        TokenAuthenticator.builder(vertx)
            .adminToken(token)
            .keygateTokens(issuer, apps::exists)
            .build();
    AdminServer.Builder builder =
        AdminServer.builder(vertx)
            .listen("127.0.0.1", 0)
            .tls(tls.certificate(), tls.privateKey())
            .token(token)
            .vault(vault, key);
    IdentityApi.addTo(builder, vertx, apps, keys, issuer, vault.audit(), Clock.systemUTC());
    AzureApi.addTo(
        builder, vertx, vault, authenticator, new AzureSettings(VaultTestHostNames.DOMAIN));
    this.server =
        builder.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    this.http = azureHttpClient(certificate);
    this.plain = PinnedTls.client(certificate);
  }

  /**
   * The Azure SDK's default HTTP client (Reactor Netty), trusting Keygate's certificate and
   * resolving names with the JDK (so the test's {@code *.vault.test} names resolve).
   */
  static HttpClient azureHttpClient(Path certificate) throws Exception {
    SslContext ssl = SslContextBuilder.forClient().trustManager(certificate.toFile()).build();
    reactor.netty.http.client.HttpClient client =
        reactor.netty.http.client.HttpClient.create()
            .resolver(DefaultAddressResolverGroup.INSTANCE)
            .secure(spec -> spec.sslContext(ssl));
    return new NettyAsyncHttpClientBuilder(client).build();
  }

  String authorityHost() {
    return "https://localhost:" + server.port();
  }

  String vaultUrl(String vaultName) {
    return "https://" + vaultName + "." + VaultTestHostNames.DOMAIN + ":" + server.port();
  }

  /** Registers an app with a client secret and grants it {@code role} on {@code scope}. */
  App app(Role role, Scope scope) throws Exception {
    JsonObject created = admin("POST", "/v1/apps", new JsonObject().put("displayName", "test app"));
    String clientId = created.getString("clientId");
    if (role != null) {
      vault.roles().assign(Actor.admin("test", "setup"), "app:" + clientId, role, scope);
    }
    return new App(clientId, created.getString("clientSecret"));
  }

  TokenCredential credential(App app) {
    return new ClientSecretCredentialBuilder()
        .authorityHost(authorityHost())
        .tenantId(TENANT)
        .clientId(app.clientId())
        .clientSecret(app.secret())
        .disableInstanceDiscovery()
        .httpClient(http)
        .build();
  }

  SecretClient client(String vaultName, TokenCredential credential) {
    return builder(vaultName, credential).buildClient();
  }

  SecretAsyncClient asyncClient(String vaultName, TokenCredential credential) {
    return builder(vaultName, credential).buildAsyncClient();
  }

  private SecretClientBuilder builder(String vaultName, TokenCredential credential) {
    return new SecretClientBuilder()
        .vaultUrl(vaultUrl(vaultName))
        .credential(credential)
        .httpClient(http);
  }

  /** An admin API call with the admin token; the JSON answer. */
  JsonObject admin(String method, String path, JsonObject body) throws Exception {
    HttpResponse<String> response =
        send(
            method,
            "https://127.0.0.1:" + server.port() + path,
            body == null ? null : body.encode(),
            "Bearer " + token.reveal(),
            "application/json");
    if (response.statusCode() >= 300) {
      throw new AssertionError(
          method + " " + path + " -> " + response.statusCode() + " " + response.body());
    }
    return response.body().isEmpty() ? new JsonObject() : new JsonObject(response.body());
  }

  HttpResponse<String> send(
      String method, String url, String body, String authorization, String contentType)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return plain.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
}
