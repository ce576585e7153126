package io.keygate.app.client;

/**
 * The admin API answered with an error: its HTTP status and the {@code error.code} and {@code
 * error.message} of the JSON body.
 */
public final class AdminApiException extends RuntimeException {
  private final int status;
  private final String code;

  public AdminApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
