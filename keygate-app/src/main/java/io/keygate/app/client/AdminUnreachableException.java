package io.keygate.app.client;

/** The admin API could not be reached: refused connection, unknown host, TLS failure, timeout. */
public final class AdminUnreachableException extends RuntimeException {
  public AdminUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
