package io.keygate.gateway.keys;

/**
 * A key change could not be recorded in the audit trail, so it was refused (creation) or is not
 * reported as done (revocation: the key stays revoked). The message names a key id at most.
 */
public final class KeyAuditException extends RuntimeException {
  public KeyAuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
