package io.keygate.gateway.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Removes a parameter from the query of a path, matching its name the way Vert.x decodes it. */
final class QueryParams {
  private QueryParams() {}

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
