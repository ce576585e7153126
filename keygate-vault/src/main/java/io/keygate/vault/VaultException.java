package io.keygate.vault;

import io.keygate.secrets.SecretAccessException;

/**
 * A vault operation failed. Carries an HTTP status and a stable, Azure Key Vault-style code; the
 * HTTP edge maps it to {@code {"error":{"code","message"}}} without looking further. The message
 * names the secret (vault, name, version) and never contains a value.
 */
public abstract sealed class VaultException extends SecretAccessException
    permits VaultException.NotFound,
        VaultException.Conflict,
        VaultException.Forbidden,
        VaultException.BadParameter,
        VaultException.SecretUnreadable,
        VaultException.Unavailable {

  VaultException(int status, String code, String message) {
    super(status, code, message);
  }

  /** 404: {@code SecretNotFound} or {@code VaultNotFound}. */
  public static final class NotFound extends VaultException {
    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    public static final String VAULT_NOT_FOUND = "VaultNotFound";

    public NotFound(String code, String message) {
      super(404, code, message);
    }
  }

  /** 409: {@code Conflict} or {@code ObjectIsDeletedButRecoverable}. */
  public static final class Conflict extends VaultException {
    public static final String CONFLICT = "Conflict";
    public static final String DELETED_BUT_RECOVERABLE = "ObjectIsDeletedButRecoverable";

    public Conflict(String code, String message) {
      super(409, code, message);
    }
  }

  /**
   * 403: the version exists but may not be served now: {@code SecretDisabled}, {@code
   * SecretExpired}, {@code SecretNotYetValid} or {@code SecretDestroyed}.
   */
  public static final class Forbidden extends VaultException {
    public static final String DISABLED = "SecretDisabled";
    public static final String EXPIRED = "SecretExpired";
    public static final String NOT_YET_VALID = "SecretNotYetValid";
    public static final String DESTROYED = "SecretDestroyed";
    public static final String FORBIDDEN_BY_RBAC = "ForbiddenByRbac";

    public Forbidden(String code, String message) {
      super(403, code, message);
    }
  }

  /** 400 {@code BadParameter}: a bad name, version, attribute, page token, value size or blob. */
  public static final class BadParameter extends VaultException {
    public static final String CODE = "BadParameter";

    public BadParameter(String message) {
      super(400, CODE, message);
    }
  }

  /**
   * 500 {@code SecretUnreadable}: the stored value of one version failed to decrypt (tampered or
   * moved row). Other secrets are unaffected.
   */
  public static final class SecretUnreadable extends VaultException {
    public static final String CODE = "SecretUnreadable";

    public SecretUnreadable(String vault, String name, String version) {
      super(
          500,
          CODE,
          "stored value for " + vault + "/" + name + " version " + version + " failed to decrypt");
    }
  }

  /**
   * 503 {@code ServiceUnavailable}: the store failed (connection lost, disk full, I/O error); or
   * {@code AuditUnavailable}: the audit entry could not be written, so nothing was served.
   */
  public static final class Unavailable extends VaultException {
    public static final String CODE = "ServiceUnavailable";
    public static final String AUDIT_UNAVAILABLE = "AuditUnavailable";

    public Unavailable(String message) {
      super(503, CODE, message);
    }

    public Unavailable(String code, String message) {
      super(503, code, message);
    }
  }
}
