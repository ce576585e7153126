package io.keygate.app.role;

import io.keygate.secrets.SecretSource;
import io.keygate.sources.embedded.EmbeddedVaultSource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.rbac.RoleRoutes;
import io.vertx.core.Vertx;

/**
 * The RBAC side of {@code serve}: the role-assignment routes on the admin listener, and the
 * embedded vault as the gateway's {@link SecretSource} (it resolves {@code ${secret:...}} on behalf
 * of each caller, checking their roles and auditing every read).
 */
public final class RoleWiring {
  private RoleWiring() {}

  /** Mounts the role routes on {@code admin} and returns the source the gateway resolves with. */
  public static SecretSource wire(Vertx vertx, SecretVault vault, AdminServer.Builder admin) {
    admin.mount(RoleRoutes.MOUNT, RoleRoutes.router(vertx, vault));
    return EmbeddedVaultSource.onVirtualThreads(vault);
  }
}
