package io.keygate.vault.server.identity;

/**
 * A refused token request, answered as RFC 6749 section 5.2 says and as MSAL parses it: {@code
 * {"error","error_description","error_codes","timestamp","trace_id","correlation_id"}}. The
 * description never quotes a secret or an assertion.
 */
final class OAuthError extends RuntimeException {
  private final int status;
  private final String error;

  OAuthError(int status, String error, String description) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
  }

  static OAuthError invalidClient(String description) {
    return new OAuthError(401, "invalid_client", description);
  }

  static OAuthError invalidRequest(String description) {
    return new OAuthError(400, "invalid_request", description);
  }

  /**
   * 429 for a client or address past its failed sign-ins; Entra ID answers the client-credentials
   * grant's throttling with 429 and {@code Retry-After} too, which MSAL turns into a throttling
   * error.
   */
  static OAuthError throttled(long retryAfterSeconds) {
    return new OAuthError(
        429,
        "temporarily_unavailable",
        "too many failed sign-ins for this client or from this address; retry after "
            + retryAfterSeconds
            + " seconds");
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }
}
