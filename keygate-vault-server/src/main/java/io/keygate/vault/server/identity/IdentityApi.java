package io.keygate.vault.server.identity;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.apps.AppRegistry;
import io.keygate.vault.audit.AuditLog;
import io.keygate.vault.rbac.AuditedChange;
import io.keygate.vault.server.AdminServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * Keygate's identity service on the admin listener: the token endpoint with its discovery document
 * and JWKS (no admin token: clients authenticate with their own credentials), and the apps admin
 * API under {@link #APPS_MOUNT} (behind the admin token). Build the {@link TokenAuthenticator} with
 * the same {@link TokenIssuer} and {@code apps::exists} so that the tokens issued here are accepted
 * by the vault's APIs.
 */
public final class IdentityApi {
  /** Where the apps admin API is mounted. */
  public static final String APPS_MOUNT = "/v1/apps";

  private final Vertx vertx;
  private final TokenIssuer issuer;
  private final ClientAuthentication clients;

  private IdentityApi(Vertx vertx, TokenIssuer issuer, ClientAuthentication clients) {
    this.vertx = vertx;
    this.issuer = issuer;
    this.clients = clients;
  }

  /**
   * Serves the token endpoint and the apps API on {@code admin}; app changes go to {@code audit}.
   */
  public static IdentityApi addTo(
      AdminServer.Builder admin,
      Vertx vertx,
      AppRegistry apps,
      IdentityKeys keys,
      TokenIssuer issuer,
      AuditLog audit,
      Clock clock) {
    ClientSecrets secrets = new ClientSecrets(keys);
    AuditedChange changes = new AuditedChange(audit, clock);
    ClientAuthentication clients = new ClientAuthentication(apps, secrets, changes, clock);
    TokenEndpoint endpoint = new TokenEndpoint(issuer, clients);
    admin.selfAuthenticated((root, reserved) -> endpoint.addTo(root));
    admin.mount(APPS_MOUNT, new AppRoutes(apps, secrets, issuer, changes).router(vertx));
    return new IdentityApi(vertx, issuer, clients);
  }

  /**
   * The client-credentials grant for other login surfaces (Vault's AppRole login): a token for
   * {@code audience} when {@code secret} is one of the app's unexpired client secrets, else a
   * future completed with null. The token is audited ({@code ISSUE_TOKEN}) with {@code via}. Never
   * blocks the calling event loop.
   */
  public Future<TokenIssuer.IssuedToken> login(
      String clientId, SecretValue secret, String audience, String via) {
    return vertx.executeBlocking(
        () -> {
          try {
            String app = clients.withSecret(clientId, secret.reveal());
            TokenIssuer.IssuedToken token = issuer.issue(app, audience);
            clients.audited(app, via, audience);
            return token;
          } catch (OAuthError refused) {
            return null;
          }
        },
        false);
  }
}
