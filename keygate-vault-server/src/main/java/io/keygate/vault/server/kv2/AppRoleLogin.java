package io.keygate.vault.server.kv2;

import io.keygate.secrets.SecretValue;
import io.vertx.core.Future;
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
