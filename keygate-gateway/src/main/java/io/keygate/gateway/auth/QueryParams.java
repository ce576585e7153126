package io.keygate.gateway.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Finds and removes one parameter in the raw query of a path, by one reading of the query for both:
 * pairs split on {@code &} only, the name percent-decoded and matched exactly. Vert.x's own {@code
 * getParam} disagreed with the removal on three counts: it matched names case-insensitively (so
 * {@code ?API_KEY=<key>} was accepted and then forwarded upstream, key included), it split on
 * {@code ;} too, and a malformed escape anywhere in the query threw (a 500).
 */
final class QueryParams {
  private QueryParams() {}

  /**
   * The percent-decoded value of the first {@code name=...} pair of {@code pathAndQuery}, or null
   * when there is none. A value with a malformed escape is returned as written (it then matches no
   * key).
   */
  static String first(String pathAndQuery, String name) {
    int q = pathAndQuery.indexOf('?');
    if (q < 0) {
      return null;
    }
    for (String pair : pathAndQuery.substring(q + 1).split("&", -1)) {
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      if (!pair.isEmpty() && name.equals(decode(rawName))) {
        return eq < 0 ? "" : decode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  /** {@code pathAndQuery} without any {@code name=...} pair (encoded names included). */
  static String without(String pathAndQuery, String name) {
    int q = pathAndQuery.indexOf('?');
    if (q < 0) {
      return pathAndQuery;
    }
    String path = pathAndQuery.substring(0, q);
    StringBuilder kept = new StringBuilder(pathAndQuery.length());
    for (String pair : pathAndQuery.substring(q + 1).split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      if (name.equals(decode(rawName))) {
        continue;
      }
      kept.append(kept.isEmpty() ? "" : "&").append(pair);
    }
    return kept.isEmpty() ? path : path + "?" + kept;
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return raw;
    }
  }
}
