package io.keygate.vault.server.identity;

import io.keygate.vault.apps.AppRegistry;
import io.keygate.vault.server.AdminServer;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * Puts Keygate's identity service on the admin listener: the token endpoint with its discovery
 * document and JWKS (no admin token: clients authenticate with their own credentials), and the apps
 * admin API under {@link #APPS_MOUNT} (behind the admin token). Build the {@link
 * TokenAuthenticator} with the same {@link TokenIssuer} and {@code apps::exists} so that the tokens
 * issued here are accepted by the vault's APIs.
 */
public final class IdentityApi {
  /** Where the apps admin API is mounted. */
  public static final String APPS_MOUNT = "/v1/apps";

  private IdentityApi() {}

  public static void addTo(
      AdminServer.Builder admin,
      Vertx vertx,
      AppRegistry apps,
      IdentityKeys keys,
      TokenIssuer issuer,
      Clock clock) {
    ClientSecrets secrets = new ClientSecrets(keys);
    TokenEndpoint endpoint =
        new TokenEndpoint(issuer, new ClientAuthentication(apps, secrets, clock));
    admin.selfAuthenticated((root, reserved) -> endpoint.addTo(root));
    admin.mount(APPS_MOUNT, new AppRoutes(apps, secrets, issuer).router(vertx));
  }
}
