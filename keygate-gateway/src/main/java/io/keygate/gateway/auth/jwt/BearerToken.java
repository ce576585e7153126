package io.keygate.gateway.auth.jwt;

import io.vertx.core.MultiMap;
import java.util.List;

/** Reads the bearer token of a request's {@code Authorization} header (RFC 6750 §2.1 only). */
final class BearerToken {
  private static final String PREFIX = "bearer ";

  private BearerToken() {}

  /**
   * Returns the token, or fails with the caller-facing error. The length is checked before anything
   * else looks at the token.
   */
  static String extract(MultiMap headers, int maxTokenBytes) {
    List<String> values = headers.getAll("Authorization");
    if (values.isEmpty()) {
      throw BearerChallenge.missingToken();
    }
    if (values.size() > 1) {
      throw BearerChallenge.invalidRequest("more than one Authorization header");
    }
    String value = values.get(0);
    if (value.length() < PREFIX.length()
        || !value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw BearerChallenge.missingToken();
    }
    if (value.length() - PREFIX.length() > maxTokenBytes + 2) {
      throw BearerChallenge.invalidToken("token too large");
    }
    String token = value.substring(PREFIX.length()).strip();
    if (token.length() > maxTokenBytes) {
      throw BearerChallenge.invalidToken("token too large");
    }
    if (token.isEmpty()) {
      throw BearerChallenge.invalidToken("malformed token");
    }
    return token;
  }
}
