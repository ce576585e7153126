package io.keygate.sources.azure;

import io.keygate.secrets.SecretValue;
import io.keygate.testfixtures.PinnedTls;
import io.keygate.testfixtures.VaultTestHostNames;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.apps.AppRegistry;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.SelfSignedCertificate;
import io.keygate.vault.server.azure.AzureApi;
import io.keygate.vault.server.azure.AzureSettings;
import io.keygate.vault.server.identity.IdentityApi;
import io.keygate.vault.server.identity.IdentityKeys;
import io.keygate.vault.server.identity.TokenAuthenticator;
import io.keygate.vault.server.identity.TokenIssuer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keygate's own Azure Key Vault-compatible API and token endpoint on a real admin listener (TLS, a
 * self-signed certificate valid for {@code *.vault.test} and {@code localhost}), over a vault
 * {@code payments} in a temporary directory. Apps are registered through the admin API, as an
 * operator does; secrets are written in process.
 */
final class KeygateAzureServer implements AutoCloseable {
  static final String TENANT = "keygate";
  final SecretVault vault;
  final AppRegistry apps;
  final Vertx vertx;
  final AdminServer server;
  final AdminToken token;
  final Path certificate;
  private final HttpClient http;

  /** An app registration: its client id and the secret shown once. */
  record App(String clientId, SecretValue secret) {}

  KeygateAzureServer(Path data) throws Exception {
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
    TokenIssuer issuer =
        new TokenIssuer(
            keys,
            "https://keygate.test/" + TENANT + "/v2.0",
            TENANT,
            Duration.ofMinutes(30),
            Clock.systemUTC());
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
    this.http = PinnedTls.client(certificate);
  }

  /** The token authority: Keygate's admin listener. */
  URI authorityHost() {
    return URI.create("https://localhost:" + server.port());
  }

  /** Where the Azure-compatible API serves {@code vault}. */
  URI vaultUrl(String vault) {
    return URI.create("https://" + vault + "." + VaultTestHostNames.DOMAIN + ":" + server.port());
  }

  /** Source options for the vault {@code payments}, signing in as {@code app}, never polling. */
  AzureSourceOptions options(App app) {
    return AzureSourceOptions.of(
            Map.of("payments", vaultUrl("payments")),
            AzureCredentialOptions.clientSecret(TENANT, app.clientId(), app.secret())
                .withAuthorityHost(authorityHost()))
        .withCaCertificates(certificate)
        .withPollInterval(Duration.ZERO);
  }

  /** Registers an app through the admin API and grants it {@code role} on {@code scope}. */
  App app(Role role, String scope) throws Exception {
    JsonObject created = register(new JsonObject().put("displayName", "gateway"), role, scope);
    return new App(
        created.getString("clientId"), SecretValue.of(created.getString("clientSecret")));
  }

  /** Registers an app with a client certificate and no secret; returns its client id. */
  String appWithCertificate(String certificatePem, Role role, String scope) throws Exception {
    return register(
            new JsonObject()
                .put("displayName", "gateway (certificate)")
                .put("certificate", certificatePem)
                .put("secret", false),
            role,
            scope)
        .getString("clientId");
  }

  private JsonObject register(JsonObject app, Role role, String scope) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/v1/apps"))
                .header("Authorization", "Bearer " + token.reveal())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(app.encode()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException("POST /v1/apps -> " + response.statusCode());
    }
    JsonObject created = new JsonObject(response.body());
    if (role != null) {
      vault
          .roles()
          .assign(
              Actor.admin("test", "setup"),
              "app:" + created.getString("clientId"),
              role,
              Scope.parse(scope));
    }
    return created;
  }

  /** Stores a new version of {@code payments/name}; returns the version. */
  String set(String name, String value) {
    return vault
        .setSecret("payments", name, SetSecretRequest.of(SecretValue.of(value)))
        .properties()
        .version();
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    apps.close();
    vault.close();
  }
}
