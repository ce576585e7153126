package io.keygate.gateway.chain;

import java.util.Map;

/**
 * An answer the gateway gives instead of the upstream's: a status, a stable error code, a message
 * for the caller, and headers to send with it (for example {@code WWW-Authenticate} or {@code
 * Retry-After}). The message never contains a credential.
 */
public class GatewayException extends RuntimeException {
  private final int status;
  private final String code;
  private final Map<String, String> headers;

  public GatewayException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  public GatewayException(int status, String code, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
