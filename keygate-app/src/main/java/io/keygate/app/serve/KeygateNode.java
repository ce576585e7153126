package io.keygate.app.serve;

import io.keygate.app.KeygateVersion;
import io.keygate.app.role.RoleWiring;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.SelfSignedCertificate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Keygate process: the embedded vault, the admin HTTPS listener and the gateway, wired
 * from {@link ServeSettings}. {@link #start} returns once every listener is bound; {@link #close}
 * stops them and closes the vault.
 */
public final class KeygateNode implements AutoCloseable {
  /** The admin token's file name in the data directory. */
  public static final String TOKEN_FILE = "admin-token";

  private static final Logger LOG = LoggerFactory.getLogger(KeygateNode.class);
  private static final long START_TIMEOUT_SECONDS = 60;
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
  private final Vertx vertx;
  private final SecretVault vault;
  private final AdminServer admin;
  private final AutoCloseable gateway;
  private final int gatewayPort;

  private KeygateNode(
      Vertx vertx, SecretVault vault, AdminServer admin, AutoCloseable gateway, int gatewayPort) {
    this.vertx = vertx;
    this.vault = vault;
    this.admin = admin;
    this.gateway = gateway;
    this.gatewayPort = gatewayPort;
  }

  /**
   * Opens the vault and starts the listeners.
   *
   * @throws io.keygate.vault.VaultOpenException when the vault cannot be opened (nothing changed)
   * @throws IllegalStateException when a listener cannot be bound
   */
  public static KeygateNode start(ServeSettings settings) {
    createDataDirectory(settings.dataDirectory());
    SecretVault vault = SecretVault.open(settings.vault());
    Vertx vertx = Vertx.vertx();
    try {
      AdminToken.Loaded token =
          AdminToken.loadOrCreate(settings.dataDirectory().resolve(TOKEN_FILE));
      SelfSignedCertificate.TlsFiles tls = tls(settings);
      AdminServer.Builder builder =
          AdminServer.builder(vertx)
              .listen(settings.admin().host(), settings.admin().port())
              .tls(tls.certificate(), tls.privateKey())
              .token(token.token())
              .vault(vault, settings.vault().masterKey());
      // Apps, the token endpoint, the Azure-compatible API and the one bearer-token check.
      var identity =
          io.keygate.app.apps.IdentityWiring.wire(
              vertx,
              vault,
              settings.vault(),
              settings.dataDirectory(),
              settings.identity(),
              token.token(),
              builder);
      // Vault clients (Spring Vault, vault kv, curl) read and write secrets through KV v2.
      builder.selfAuthenticated(
          io.keygate.vault.server.kv2.Kv2Api.create(vault, token.token())
                  .withTokens(identity.authenticator())
                  .withAppRole(identity.appRoleLogin(), identity.identity().throttle())
              ::install);
      var rotation =
          io.keygate.app.rotation.RotationWiring.wire(vertx, vault, settings.vault(), builder);
      // The sources the gateway resolves inject: references with (embedded + sources:).
      io.keygate.secrets.SecretSource secrets =
          SourcesWiring.wire(
              vault,
              RoleWiring.wire(vertx, vault, builder),
              settings.sources(),
              builder,
              identity.authenticator(),
              rotation);
      GatewayWiring.Started gateway =
          GatewayWiring.start(
              vertx,
              settings,
              builder,
              // ROTATING comes on the scheduler's feed: the gateway waits for the new version.
              io.keygate.gateway.credentials.WithRotationEvents.of(
                  secrets, rotation.scheduler()::subscribe),
              future -> await(future, "the gateway listener on " + settings.gateway()),
              // API key creations and revocations go into the vault's audit trail.
              new io.keygate.app.key.VaultKeyAudit(vault.audit()));
      io.keygate.app.rotation.RotationWiring.bindMetrics(rotation, gateway.registry());
      AdminServer admin;
      try {
        admin = await(builder.start(), "the admin listener on " + settings.admin());
      } catch (RuntimeException e) {
        closeQuietly(gateway.stop());
        throw e;
      }
      KeygateNode node = new KeygateNode(vertx, vault, admin, gateway.stop(), gateway.port());
      LOG.info(summary(settings, admin, tls, token, gateway.summary()));
      return node;
    } catch (RuntimeException e) {
      vertx.close();
      vault.close();
      throw e;
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("cleanup after a failed start: {}", e.toString());
    }
  }

  /** The admin listener's bound port. */
  public int adminPort() {
    return admin.port();
  }

  /** The gateway listener's bound port. */
  public int gatewayPort() {
    return gatewayPort;
  }

  /** Stops the listeners (finishing in-flight requests briefly) and closes the vault. */
  @Override
  public void close() {
    LOG.info("keygate stopping");
    try {
      await(admin.shutdown(STOP_DEADLINE), "stopping the admin listener");
      closeQuietly(gateway);
      await(vertx.close(), "closing Vert.x");
    } catch (RuntimeException e) {
      LOG.warn("listeners did not stop cleanly: {}", e.getMessage());
    } finally {
      vault.close();
    }
    LOG.info("keygate stopped");
  }

  private static SelfSignedCertificate.TlsFiles tls(ServeSettings settings) {
    if (settings.tls().isPresent()) {
      var given = settings.tls().get();
      for (Path file : List.of(given.certificate(), given.privateKey())) {
        if (!Files.isReadable(file)) {
          throw new IllegalStateException("admin.tls: cannot read " + file);
        }
      }
      return new SelfSignedCertificate.TlsFiles(given.certificate(), given.privateKey(), false);
    }
    List<String> names = new java.util.ArrayList<>(List.of(settings.admin().host()));
    // The Azure-compatible API's vault hosts (<vault>.<domain>) need a wildcard name.
    settings.identity().azure().ifPresent(azure -> names.add("*." + azure.domain()));
    return SelfSignedCertificate.loadOrGenerate(settings.dataDirectory(), names);
  }

  private static void createDataDirectory(Path data) {
    if (Files.isDirectory(data)) {
      return;
    }
    try {
      if (data.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectories(
            data,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(data);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + data, e);
    }
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException(
          what + " failed: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()),
          cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " did not finish in " + START_TIMEOUT_SECONDS + "s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " was interrupted");
    }
  }

  private static String summary(
      ServeSettings settings,
      AdminServer admin,
      SelfSignedCertificate.TlsFiles tls,
      AdminToken.Loaded token,
      String gateway) {
    VaultOptions vault = settings.vault();
    String host =
        settings.admin().host().contains(":")
            ? "[" + settings.admin().host() + "]"
            : settings.admin().host();
    return String.join(
        System.lineSeparator(),
        "keygate " + KeygateVersion.version() + " started",
        "  data:        " + settings.dataDirectory(),
        "  vault:       " + storage(vault) + ", master key from " + masterKey(vault.masterKey()),
        "  admin API:   https://" + host + ":" + admin.port(),
        "  certificate: "
            + tls.certificate()
            + (settings.tls().isPresent()
                ? ""
                : " (self-signed"
                    + (tls.generated() ? ", generated now" : "")
                    + "; the CLI trusts it with --data)"),
        "  admin token: "
            + settings.dataDirectory().resolve(TOKEN_FILE)
            + (token.created() ? " (generated now)" : ""),
        "  gateway:     " + gateway);
  }

  private static String storage(VaultOptions vault) {
    String url = vault.effectiveJdbcUrl();
    if (url.startsWith("jdbc:sqlite:")) {
      return "SQLite " + url.substring("jdbc:sqlite:".length());
    }
    int query = url.indexOf('?');
    return "JDBC " + (query < 0 ? url : url.substring(0, query));
  }

  private static String masterKey(MasterKeySource source) {
    return switch (source) {
      case MasterKeySource.KeyFile file -> "key file " + file.path();
      case MasterKeySource.KeyMaterial material -> material.origin();
      case MasterKeySource.Passphrase ignored -> "passphrase";
    };
  }
}
