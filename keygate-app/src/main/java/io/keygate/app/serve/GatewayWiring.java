package io.keygate.app.serve;

import io.keygate.vault.SecretVault;
import io.keygate.vault.server.AdminServer;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hook where {@code serve} starts the gateway listener ({@code --listen}) and mounts the
 * gateway's management routers on the admin listener. keygate-gateway has no entry point yet, so
 * this only reports that the gateway is not started; fill it in when {@code io.keygate.gateway}
 * exposes one.
 */
final class GatewayWiring {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayWiring.class);

  private GatewayWiring() {}

  /**
   * Starts the gateway and adds its routers to {@code admin} (before the admin listener starts).
   *
   * @return what stops the gateway, and a line for the startup summary
   */
  static Started start(
      Vertx vertx, ServeSettings settings, SecretVault vault, AdminServer.Builder admin) {
    LOG.debug("gateway entry point not wired yet; {} not bound", settings.gateway());
    return new Started(() -> {}, "not started (no gateway entry point wired yet)");
  }

  /**
   * @param stop stops the gateway gracefully
   * @param summary one line for the startup summary
   */
  record Started(AutoCloseable stop, String summary) {}
}
