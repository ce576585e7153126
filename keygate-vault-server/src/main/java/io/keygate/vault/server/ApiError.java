package io.keygate.vault.server;

/**
 * A request the admin listener refuses, with its HTTP status and a stable error code. Handlers on
 * the admin listener (including mounted routers) fail the routing context with one of these, and
 * the listener's one failure handler writes it as {@code {"error":{"code","message"}}}. The message
 * is shown to the client: it says what is wrong and never contains a secret value.
 */
public class ApiError extends RuntimeException {
  private final int status;
  private final String code;

  public ApiError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  /** A 400 {@code BadParameter}. */
  public static ApiError badParameter(String message) {
    return new ApiError(400, "BadParameter", message);
  }

  /** A 404 {@code NotFound}. */
  public static ApiError notFound(String message) {
    return new ApiError(404, "NotFound", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
