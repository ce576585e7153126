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
  private final LoginThrottle throttle;

  private IdentityApi(
      Vertx vertx, TokenIssuer issuer, ClientAuthentication clients, LoginThrottle throttle) {
    this.vertx = vertx;
    this.issuer = issuer;
    this.clients = clients;
    this.throttle = throttle;
  }

  /**
   * Serves the token endpoint and the apps API on {@code admin}; app changes go to {@code audit}.
   * Failed sign-ins are throttled with {@link LoginThrottle.Settings#DEFAULTS}.
   */
  public static IdentityApi addTo(
      AdminServer.Builder admin,
      Vertx vertx,
      AppRegistry apps,
      IdentityKeys keys,
      TokenIssuer issuer,
      AuditLog audit,
      Clock clock) {
    return addTo(admin, vertx, apps, keys, issuer, audit, clock, LoginThrottle.defaults());
  }

  /**
   * Serves the token endpoint and the apps API on {@code admin}, throttling failed sign-ins with
   * {@code throttle} (give the same one to the other login surfaces, so that a client's failures
   * count once whichever way they come).
   */
  public static IdentityApi addTo(
      AdminServer.Builder admin,
      Vertx vertx,
      AppRegistry apps,
      IdentityKeys keys,
      TokenIssuer issuer,
      AuditLog audit,
      Clock clock,
      LoginThrottle throttle) {
    ClientSecrets secrets = new ClientSecrets(keys);
    AuditedChange changes = new AuditedChange(audit, clock);
    ClientAuthentication clients = new ClientAuthentication(apps, secrets, changes, clock);
    TokenEndpoint endpoint = new TokenEndpoint(issuer, clients, throttle);
    admin.selfAuthenticated((root, reserved) -> endpoint.addTo(root));
    admin.mount(APPS_MOUNT, new AppRoutes(apps, secrets, issuer, changes).router(vertx));
    return new IdentityApi(vertx, issuer, clients, throttle);
  }

  /** The throttle of failed sign-ins at the token endpoint, for the other login surfaces. */
  public LoginThrottle throttle() {
    return throttle;
  }

  /**
   * The client-credentials grant for other login surfaces (Vault's AppRole login): a token for
   * {@code audience} when {@code secret} is one of the app's unexpired client secrets, else a
   * future completed with null. The token is audited ({@code ISSUE_TOKEN}) with {@code via}. Never
   * blocks the calling event loop. Not throttled here: a login surface takes an attempt from {@link
   * #throttle()} first, as the AppRole login does.
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
