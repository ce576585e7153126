package io.keygate.sources.hashicorp;

import io.keygate.secrets.SecretValue;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the {@code hashicorp://} source authenticates to Vault: a fixed token, or AppRole (log in
 * with a role id and secret id, renew the token, log in again when it is refused).
 */
public sealed interface HashicorpAuth {

  /** A Vault token ({@code X-Vault-Token}); never logged. */
  record Token(SecretValue token) implements HashicorpAuth {
    public Token {
      Objects.requireNonNull(token, "token");
    }
  }

  /**
   * AppRole login at {@code /v1/auth/<mount>/login}.
   *
   * @param roleId the role id (not a secret, but not shown either)
   * @param secretId the secret id; never logged
   * @param mount where the AppRole auth method is mounted, usually {@code approle}
   */
  record AppRole(String roleId, SecretValue secretId, String mount) implements HashicorpAuth {
    private static final Pattern MOUNT = Pattern.compile("[0-9a-zA-Z._-]+(/[0-9a-zA-Z._-]+)*");

    public AppRole {
      Objects.requireNonNull(roleId, "roleId");
      Objects.requireNonNull(secretId, "secretId");
      Objects.requireNonNull(mount, "mount");
      if (roleId.isBlank()) {
        throw new IllegalArgumentException("HashiCorp AppRole needs 'role-id'");
      }
      if (!MOUNT.matcher(mount).matches()) {
        throw new IllegalArgumentException(
            "HashiCorp AppRole mount '"
                + mount
                + "' is not a path of 0-9, a-z, A-Z, '.', '_', '-'");
      }
    }

    /** AppRole mounted at its default path, {@code approle}. */
    public AppRole(String roleId, SecretValue secretId) {
      this(roleId, secretId, "approle");
    }
  }

  static HashicorpAuth token(SecretValue token) {
    return new Token(token);
  }

  static HashicorpAuth appRole(String roleId, SecretValue secretId) {
    return new AppRole(roleId, secretId);
  }
}
