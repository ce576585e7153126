package io.keygate.app.serve;

import io.keygate.gateway.Gateway;
import io.keygate.gateway.GatewayOptions;
import io.keygate.gateway.GatewayServices;
import io.keygate.gateway.admin.ManagementApi;
import io.keygate.gateway.auth.jwt.JwksRegistry;
import io.keygate.gateway.auth.jwt.JwtAuthenticator;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.gateway.ratelimit.QuotaLedger;
import io.keygate.secrets.SecretSource;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.server.AdminServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the gateway beside the vault: its database (API keys, quotas; the vault's PostgreSQL
 * database when one is configured, else {@code <data>/gateway.db}), the JWKS registry, the listener
 * ({@code --listen}), and its management API ({@code /v1/gateway}) and {@code /metrics} on the
 * admin listener, both behind the admin token.
 */
final class GatewayWiring {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayWiring.class);
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);

  private GatewayWiring() {}

  /**
   * Starts the gateway and adds its routes to {@code admin}; call before the admin listener starts.
   *
   * @param secrets where {@code inject:} references are resolved on behalf of each caller
   * @param await waits for a Vert.x future, failing with a message naming what was awaited
   * @param keyAudit where API key creations and revocations are recorded (the vault's trail)
   */
  static Started start(
      Vertx vertx,
      ServeSettings settings,
      AdminServer.Builder admin,
      SecretSource secrets,
      Function<Future<Gateway>, Gateway> await,
      io.keygate.gateway.keys.KeyAudit keyAudit) {
    List<AutoCloseable> opened = new ArrayList<>();
    if (secrets instanceof AutoCloseable closeable) {
      // Closed last: the gateway stops resolving before its sources go away.
      opened.add(closeable);
    }
    try {
      GatewayDatabase db = database(settings);
      opened.add(db);
      ApiKeys keys = ApiKeys.open(db, KeyHasher.loadOrCreate(settings.dataDirectory()), keyAudit);
      opened.add(keys);
      QuotaLedger quotas = QuotaLedger.open(db);
      opened.add(quotas);
      JwksRegistry jwks = JwksRegistry.create(vertx);
      opened.add(jwks);
      GatewayOptions options =
          GatewayOptions.defaults(settings.dataDirectory())
              .withListen(settings.gateway().host(), settings.gateway().port())
              .withDefinitionDirs(settings.apis(), settings.policies())
              .withH2c(settings.h2c())
              .withCredentials(settings.credentials())
              .withEventLoops(settings.gatewayEventLoops());
      if (settings.gatewayTls().isPresent()) {
        options =
            options.withTls(
                settings.gatewayTls().get().certificate(),
                settings.gatewayTls().get().privateKey());
      }
      GatewayServices services =
          new GatewayServices(
                  keys, issuers -> JwtAuthenticator.create(vertx, issuers, jwks), quotas)
              .withSecrets(secrets);
      Gateway gateway = await.apply(Gateway.start(vertx, options, services));
      opened.add(() -> gateway.stop(STOP_DEADLINE).toCompletionStage().toCompletableFuture().get());
      admin.mount("/v1/gateway", ManagementApi.router(vertx, gateway.definitions(), keys));
      admin.route("/metrics", gateway.metricsHandler());
      admin.readinessCheck(
          "gateway",
          () -> {
            if (!gateway.ready()) {
              throw new IllegalStateException("gateway listener not ready");
            }
            return null;
          });
      String host = settings.gateway().host();
      String summary =
          (settings.gatewayTls().isPresent() ? "https://" : "http://")
              + (host.contains(":") ? "[" + host + "]" : host)
              + ":"
              + gateway.port()
              + " (APIs from "
              + settings.apis()
              + ", policies from "
              + settings.policies()
              + ")";
      return new Started(
          () -> closeAll(opened), gateway.port(), summary, gateway.metrics().registry());
    } catch (RuntimeException e) {
      closeAll(opened);
      throw e;
    }
  }

  private static GatewayDatabase database(ServeSettings settings) {
    VaultOptions vault = settings.vault();
    if (vault.jdbcUrl().isPresent() && vault.jdbcUrl().get().startsWith("jdbc:postgresql:")) {
      return GatewayDatabase.open(
          vault.jdbcUrl().get(), vault.jdbcUser().orElse(null), vault.jdbcPassword().orElse(null));
    }
    return GatewayDatabase.sqlite(settings.dataDirectory());
  }

  /** Closes in reverse order of opening; failures are logged, not thrown. */
  private static void closeAll(List<AutoCloseable> opened) {
    List<AutoCloseable> reversed = new ArrayList<>(opened);
    Collections.reverse(reversed);
    for (AutoCloseable closeable : reversed) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("gateway part did not close cleanly: {}", e.toString());
      }
    }
    opened.clear();
  }

  /**
   * @param stop stops the gateway gracefully and closes its stores
   * @param port the gateway listener's bound port
   * @param summary one line for the startup summary
   */
  record Started(
      AutoCloseable stop,
      int port,
      String summary,
      io.micrometer.core.instrument.MeterRegistry registry) {}
}
