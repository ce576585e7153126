package io.keygate.sources.remote;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.rotation.Rotation;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.SelfSignedCertificate;
import io.keygate.vault.server.identity.IdentityKeys;
import io.keygate.vault.server.identity.TokenAuthenticator;
import io.keygate.vault.server.identity.TokenIssuer;
import io.keygate.vault.server.resolve.ResolveApi;
import io.keygate.vault.server.rotation.RotationApi;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Keygate vault behind its admin listener on 127.0.0.1 (port 0), serving {@code /v1/resolve}
 * and {@code /v1/events}, that also issues Keygate tokens to apps (every app is taken as
 * registered).
 */
final class RemoteVault implements AutoCloseable {
  final Path data;
  final SecretVault vault;
  final Rotation rotation;
  final Vertx vertx = Vertx.vertx();
  final AdminServer server;
  final SecretValue adminToken;
  final TokenIssuer issuer;
  final SelfSignedCertificate.TlsFiles tls;

  RemoteVault(Path data) throws Exception {
    this.data = data;
    MasterKeySource key = MasterKeySource.keyFile(data.resolve("master-key.json"));
    VaultOptions options =
        VaultOptions.embedded(data).withMasterKey(key).withSweepInterval(Duration.ZERO);
    vault = SecretVault.open(options);
    rotation = Rotation.open(vault, options);
    AdminToken token = AdminToken.loadOrCreate(data.resolve("admin-token")).token();
    adminToken = SecretValue.of(Files.readString(data.resolve("admin-token")).strip());
    tls = SelfSignedCertificate.loadOrGenerate(data, List.of("127.0.0.1"));
    issuer =
        new TokenIssuer(
            IdentityKeys.generate(),
            "https://127.0.0.1/keygate/v2.0",
            "keygate",
            Duration.ofHours(1),
            Clock.systemUTC());
    TokenAuthenticator nodes =
        TokenAuthenticator.builder(vertx)
            .adminToken(token)
            .keygateTokens(issuer, clientId -> true)
            .build();
    AdminServer.Builder builder =
        AdminServer.builder(vertx)
            .listen("127.0.0.1", 0)
            .tls(tls.certificate(), tls.privateKey())
            .token(token)
            .vault(vault, key);
    ResolveApi.addTo(builder, vault, nodes, RotationApi.eventStream(rotation));
    RotationApi.addTo(builder, vertx, rotation);
    server = builder.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Options for a client of this vault with {@code token}, pinning its certificate. */
  RemoteVaultOptions client(SecretValue token) {
    return RemoteVaultOptions.of(
            URI.create("https://127.0.0.1:" + server.port()), Optional.of(tls.certificate()), token)
        .withReconnectDelay(Duration.ofMillis(100));
  }

  /** A Keygate-issued token of {@code app:<clientId>}. */
  SecretValue appToken(String clientId) {
    return SecretValue.of(issuer.issue(clientId, TokenAuthenticator.DEFAULT_AUDIENCE).token());
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    rotation.close();
    vault.close();
  }
}
