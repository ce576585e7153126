package io.keygate.gateway.auth.jwt;

import io.keygate.gateway.chain.GatewayException;
import java.util.Map;

/**
 * The caller-facing failures of bearer-token authentication, shaped as RFC 6750 §3 says: a {@code
 * WWW-Authenticate: Bearer} challenge, with an error code and description only when a token was
 * presented. Descriptions are fixed phrases and configured claim names, never token content.
 */
final class BearerChallenge {
  static final String HEADER = "WWW-Authenticate";

  /** The same realm as the API-key challenge, so a client sees one protection space. */
  private static final String BEARER = "Bearer realm=\"keygate\"";

  private BearerChallenge() {}

  /** No bearer token at all: a bare challenge, no error code (RFC 6750 §3.1). */
  static GatewayException missingToken() {
    return new GatewayException(
        401, "MissingToken", "a bearer token is required", Map.of(HEADER, BEARER));
  }

  /** A token that is malformed, expired, badly signed or not meant for this API. */
  static GatewayException invalidToken(String description) {
    return withError(401, "InvalidToken", "invalid_token", description);
  }

  /** A valid token that lacks a scope or role this API requires. */
  static GatewayException insufficientScope(String description, String requiredScope) {
    String d = sanitize(description);
    StringBuilder challenge =
        new StringBuilder(BEARER)
            .append(", error=\"insufficient_scope\", error_description=\"")
            .append(d)
            .append('"');
    if (requiredScope != null && !requiredScope.isEmpty()) {
      challenge.append(", scope=\"").append(sanitize(requiredScope)).append('"');
    }
    return new GatewayException(403, "InsufficientScope", d, Map.of(HEADER, challenge.toString()));
  }

  /** A request that is ambiguous about its credential (RFC 6750 §3.1 invalid_request). */
  static GatewayException invalidRequest(String description) {
    return withError(400, "InvalidRequest", "invalid_request", description);
  }

  /**
   * @param code the JSON body's code (CamelCase, like every gateway error)
   * @param error the RFC 6750 error code of the challenge, which clients match on literally
   */
  private static GatewayException withError(
      int status, String code, String error, String description) {
    String d = sanitize(description);
    String challenge = BEARER + ", error=\"" + error + "\", error_description=\"" + d + "\"";
    return new GatewayException(status, code, d, Map.of(HEADER, challenge));
  }

  /** RFC 6750 allows only printable ASCII without {@code "} and {@code \} in these attributes. */
  static String sanitize(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
    }
    return out.toString();
  }
}
