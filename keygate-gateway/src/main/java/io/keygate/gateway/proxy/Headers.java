package io.keygate.gateway.proxy;

import io.vertx.core.MultiMap;
import java.util.Map;

/**
 * Copies end-to-end headers between the client and upstream messages. Hop-by-hop headers (RFC 9110,
 * 7.6.1) belong to one connection and are dropped, as is any header the {@code Connection} header
 * names; {@code Host} is set from the upstream target instead.
 */
final class Headers {
  private Headers() {}

  /**
   * Adds every end-to-end header of {@code from} to {@code to}.
   *
   * @param dropHost whether {@code Host} is dropped too (requests: the target sets it)
   */
  static void copyEndToEnd(MultiMap from, MultiMap to, boolean dropHost) {
    String connection = from.get("Connection");
    boolean listed = connection != null && namesOthers(connection);
    for (Map.Entry<String, String> h : from) {
      String name = h.getKey();
      if (hopByHop(name) || (dropHost && name.equalsIgnoreCase("Host"))) {
        continue;
      }
      if (listed && lists(connection, name)) {
        continue;
      }
      to.add(name, h.getValue());
    }
  }

  /**
   * Sets every header of {@code from} on {@code to}, replacing (never appending to) any header of
   * the same name already there. (Vert.x's {@code setAll} would clear {@code to} first.)
   */
  static void replace(MultiMap from, MultiMap to) {
    if (from.isEmpty()) {
      return;
    }
    for (Map.Entry<String, String> h : from) {
      to.remove(h.getKey());
    }
    for (Map.Entry<String, String> h : from) {
      to.add(h.getKey(), h.getValue());
    }
  }

  static boolean hopByHop(String name) {
    return switch (name.length()) {
      case 2 -> name.equalsIgnoreCase("TE");
      case 6 -> name.equalsIgnoreCase("Expect");
      case 7 -> name.equalsIgnoreCase("Upgrade") || name.equalsIgnoreCase("Trailer");
      case 10 -> name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive");
      case 14 -> name.equalsIgnoreCase("HTTP2-Settings");
      case 16 -> name.equalsIgnoreCase("Proxy-Connection");
      case 17 -> name.equalsIgnoreCase("Transfer-Encoding");
      case 18 -> name.equalsIgnoreCase("Proxy-Authenticate");
      case 19 -> name.equalsIgnoreCase("Proxy-Authorization");
      default -> false;
    };
  }

  /** Whether a Connection value names more than the usual close / keep-alive / upgrade tokens. */
  private static boolean namesOthers(String connection) {
    for (String token : connection.split(",")) {
      String t = token.trim();
      if (!t.isEmpty()
          && !t.equalsIgnoreCase("close")
          && !t.equalsIgnoreCase("keep-alive")
          && !t.equalsIgnoreCase("upgrade")) {
        return true;
      }
    }
    return false;
  }

  private static boolean lists(String connection, String name) {
    for (String token : connection.split(",")) {
      if (token.trim().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a request asks to switch to WebSocket (HTTP/1.1 upgrade). */
  static boolean isWebSocketUpgrade(MultiMap headers) {
    String upgrade = headers.get("Upgrade");
    String connection = headers.get("Connection");
    return upgrade != null
        && upgrade.equalsIgnoreCase("websocket")
        && connection != null
        && connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade");
  }
}
