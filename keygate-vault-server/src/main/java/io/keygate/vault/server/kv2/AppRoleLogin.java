package io.keygate.vault.server.kv2;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.server.identity.TokenAuthenticator;
import io.keygate.vault.server.identity.TokenIssuer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;

/**
 * Vault's AppRole login mapped onto Keygate's apps: {@code role_id} is an app's client id, {@code
 * secret_id} one of its client secrets, and the token handed back is a Keygate-issued token of
 * {@code app:<client id>} (which the KV API then accepts through the token check).
 */
@FunctionalInterface
public interface AppRoleLogin {
  /** Refuses every login: AppRole is not offered. */
  AppRoleLogin NONE = (roleId, secretId) -> Future.succeededFuture(null);

  /**
   * Checks the credentials and issues a token; completes with null when they are not valid (an
   * unknown app, a wrong or expired secret). Never blocks the calling event loop.
   */
  Future<LoginToken> login(String roleId, SecretValue secretId);

  /**
   * Logins checked by {@code secrets} (on a worker thread: it may read the app registry) and
   * answered with a token of {@code issuer} for {@link TokenAuthenticator#DEFAULT_AUDIENCE}, which
   * a {@link TokenAuthenticator} with the same issuer accepts.
   */
  static AppRoleLogin issuing(Vertx vertx, TokenIssuer issuer, ClientSecretCheck secrets) {
    return (roleId, secretId) ->
        vertx.executeBlocking(
            () -> {
              if (!secrets.matches(roleId, secretId)) {
                return null;
              }
              TokenIssuer.IssuedToken issued =
                  issuer.issue(roleId, TokenAuthenticator.DEFAULT_AUDIENCE);
              return new LoginToken(
                  roleId, SecretValue.of(issued.token()), Duration.ofSeconds(issued.expiresIn()));
            },
            false);
  }

  /** Whether a client secret is one of an app's current secrets. May block. */
  @FunctionalInterface
  interface ClientSecretCheck {
    /** True when {@code secret} is a current secret of the app {@code clientId}; false if not. */
    boolean matches(String clientId, SecretValue secret);
  }

  /**
   * A token issued at login.
   *
   * @param clientId the app the token stands for
   * @param token the bearer token, shown once to the client
   * @param lifetime how long it is valid
   */
  record LoginToken(String clientId, SecretValue token, Duration lifetime) {
    public LoginToken {
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(lifetime, "lifetime");
    }
  }
}
