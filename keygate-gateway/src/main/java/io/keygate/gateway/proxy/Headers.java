package io.keygate.gateway.proxy;

import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Iterator;
import java.util.Map;

/**
 * Copies end-to-end headers between the client and upstream messages. Hop-by-hop headers (RFC 9110,
 * 7.6.1) belong to one connection and are dropped, as is any header the {@code Connection} header
 * names; {@code Host} is set from the upstream target instead.
 */
final class Headers {
  static final CharSequence CONNECTION = HttpHeaders.CONNECTION;
  static final CharSequence CONTENT_LENGTH = HttpHeaders.CONTENT_LENGTH;
  static final CharSequence TRANSFER_ENCODING = HttpHeaders.TRANSFER_ENCODING;
  static final CharSequence UPGRADE = HttpHeaders.UPGRADE;
  static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");
  static final CharSequence X_FORWARDED_PROTO = HttpHeaders.createOptimized("X-Forwarded-Proto");
  static final CharSequence X_FORWARDED_HOST = HttpHeaders.createOptimized("X-Forwarded-Host");
  static final CharSequence X_REAL_IP = HttpHeaders.createOptimized("X-Real-IP");
  static final CharSequence FORWARDED = HttpHeaders.createOptimized("Forwarded");

  private Headers() {}

  /**
   * Adds every end-to-end header of {@code from} to {@code to}.
   *
   * <p>Headers are walked as the {@code CharSequence}s they were decoded into where the map offers
   * that (HTTP/1.x): a name keeps its cached hash and is written to the wire as bytes, with no
   * {@code String} made of it on the way. This runs twice per proxied request.
   *
   * @param dropHost whether {@code Host} is dropped too (requests: the target sets it)
   */
  static void copyEndToEnd(MultiMap from, MultiMap to, boolean dropHost) {
    String connection = from.get(CONNECTION);
    String listed = connection != null && namesOthers(connection) ? connection : null;
    if (from instanceof io.netty.handler.codec.http.HttpHeaders decoded) {
      Iterator<Map.Entry<CharSequence, CharSequence>> entries = decoded.iteratorCharSequence();
      while (entries.hasNext()) {
        Map.Entry<CharSequence, CharSequence> h = entries.next();
        CharSequence name = h.getKey();
        if (endToEnd(name, dropHost, listed)) {
          to.add(name, h.getValue());
        }
      }
      return;
    }
    from.forEach(
        (name, value) -> {
          if (endToEnd(name, dropHost, listed)) {
            to.add(name, value);
          }
        });
  }

  private static boolean endToEnd(CharSequence name, boolean dropHost, String listed) {
    if (hopByHop(name)
        || (dropHost && AsciiString.contentEqualsIgnoreCase(name, HttpHeaders.HOST))) {
      return false;
    }
    return listed == null || !lists(listed, name);
  }

  /**
   * Sets every header of {@code from} on {@code to}, replacing (never appending to) any header of
   * the same name already there. (Vert.x's {@code setAll} would clear {@code to} first.)
   */
  static void replace(MultiMap from, MultiMap to) {
    if (from.isEmpty()) {
      return;
    }
    if (from instanceof io.netty.handler.codec.http.HttpHeaders ours) {
      Iterator<Map.Entry<CharSequence, CharSequence>> names = ours.iteratorCharSequence();
      while (names.hasNext()) {
        to.remove(names.next().getKey());
      }
      Iterator<Map.Entry<CharSequence, CharSequence>> entries = ours.iteratorCharSequence();
      while (entries.hasNext()) {
        Map.Entry<CharSequence, CharSequence> h = entries.next();
        to.add(h.getKey(), h.getValue());
      }
      return;
    }
    from.forEach((name, value) -> to.remove(name));
    from.forEach(to::add);
  }

  static boolean hopByHop(CharSequence name) {
    return switch (name.length()) {
      case 2 -> is(name, "TE");
      case 6 -> is(name, "Expect");
      case 7 -> is(name, "Upgrade") || is(name, "Trailer");
      case 10 -> is(name, "Connection") || is(name, "Keep-Alive");
      case 14 -> is(name, "HTTP2-Settings");
      case 16 -> is(name, "Proxy-Connection");
      case 17 -> is(name, "Transfer-Encoding");
      case 18 -> is(name, "Proxy-Authenticate");
      case 19 -> is(name, "Proxy-Authorization");
      default -> false;
    };
  }

  private static boolean is(CharSequence name, String hopByHop) {
    return AsciiString.contentEqualsIgnoreCase(name, hopByHop);
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

  private static boolean lists(String connection, CharSequence name) {
    for (String token : connection.split(",")) {
      if (AsciiString.contentEqualsIgnoreCase(token.trim(), name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The RFC 7239 {@code Forwarded} value for one hop: {@code
   * for=192.0.2.1;proto=https;host=a.example}. An IPv6 address is quoted in brackets, and a host is
   * quoted when it holds a character that is not a token character (a port's colon).
   */
  static String forwarded(String client, String proto, String host) {
    StringBuilder value = new StringBuilder(64).append("for=");
    if (client.indexOf(':') >= 0) {
      value.append("\"[").append(client).append("]\"");
    } else {
      value.append(client);
    }
    value.append(";proto=").append(proto);
    if (host != null && !host.isEmpty()) {
      value.append(";host=");
      if (host.indexOf(':') >= 0 || host.indexOf('[') >= 0) {
        value.append('"').append(host.replace("\\", "").replace("\"", "")).append('"');
      } else {
        value.append(host);
      }
    }
    return value.toString();
  }

  /** Whether a request asks to switch to WebSocket (HTTP/1.1 upgrade). */
  static boolean isWebSocketUpgrade(MultiMap headers) {
    String upgrade = headers.get(UPGRADE);
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      return false;
    }
    String connection = headers.get(CONNECTION);
    return connection != null && connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade");
  }
}
