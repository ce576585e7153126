package io.keygate.secrets;

/**
 * A secret could not be served to a caller. Carries a stable code (Azure Key Vault's where one
 * exists: {@code SecretNotFound}, {@code ForbiddenByRbac}, {@code SecretDisabled}, {@code
 * SecretExpired}, {@code SecretNotYetValid}) and an HTTP-like status. The message never contains a
 * value.
 */
public class SecretAccessException extends RuntimeException {
  private final String code;
  private final int status;

  public SecretAccessException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }
}
