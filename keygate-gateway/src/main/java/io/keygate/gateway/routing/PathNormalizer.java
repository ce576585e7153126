package io.keygate.gateway.routing;

import io.keygate.gateway.chain.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request path into the one form that routing, authorization and the upstream all see:
 * unreserved characters percent-decoded, other escapes upper-cased, duplicate slashes merged, dot
 * segments removed. A path whose meaning depends on who reads it is refused: an encoded slash or
 * backslash, a NUL, a raw backslash or control character, a malformed escape, a dot segment that
 * climbs above the root, or a dot segment with path parameters ({@code /..;/}).
 *
 * <p>The common case (nothing to normalize) returns the input itself without allocating.
 */
public final class PathNormalizer {
  private PathNormalizer() {}

  /**
   * Decodes escapes and merges slashes; dot segments are left for {@link #removeDotSegments}.
   *
   * @throws GatewayException 400 {@code BadPath}
   */
  public static String decode(String raw) {
    int n = raw.length();
    if (n == 0 || raw.charAt(0) != '/') {
      throw bad("the path must start with '/'");
    }
    boolean simple = true;
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '#') {
        throw bad(
            c == 0
                ? "the path contains a NUL"
                : c == '\\'
                    ? "the path contains a backslash"
                    : "the path contains a character that must be percent-encoded");
      }
      if (c == '%' || (c == '/' && i + 1 < n && raw.charAt(i + 1) == '/')) {
        simple = false;
      }
    }
    return simple ? raw : decodeSlow(raw);
  }

  private static String decodeSlow(String raw) {
    int n = raw.length();
    StringBuilder out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int hi = i + 2 < n ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int lo = i + 2 < n ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw bad("the path contains a malformed percent-escape");
        }
        int v = hi * 16 + lo;
        if (v == 0) {
          throw bad("the path contains an encoded NUL (%00)");
        }
        if (v == '/' || v == '\\') {
          throw bad("the path contains an encoded slash or backslash (%2F, %5C)");
        }
        if (unreserved(v)) {
          out.append((char) v);
        } else {
          out.append('%')
              .append(Character.toUpperCase(raw.charAt(i + 1)))
              .append(Character.toUpperCase(raw.charAt(i + 2)));
        }
        i += 2;
      } else if (c == '/' && !out.isEmpty() && out.charAt(out.length() - 1) == '/') {
        continue;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Removes {@code .} and {@code ..} segments (RFC 3986, 5.2.4) from a decoded path.
   *
   * @throws GatewayException 400 {@code BadPath} when a {@code ..} climbs above the root
   */
  public static String removeDotSegments(String path) {
    refuseDotWithParameters(path);
    if (!hasDotSegment(path)) {
      return path;
    }
    String[] segments = path.substring(1).split("/", -1);
    List<String> out = new ArrayList<>(segments.length);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      boolean last = i == segments.length - 1;
      if (s.equals(".") || s.equals("..")) {
        if (s.equals("..")) {
          if (out.isEmpty()) {
            throw bad("the path climbs above the root with '..'");
          }
          out.remove(out.size() - 1);
        }
        if (last) {
          out.add("");
        }
      } else {
        out.add(s);
      }
    }
    return "/" + String.join("/", out);
  }

  /**
   * Refuses a segment that is {@code .} or {@code ..} followed by {@code ;} ({@code /..;/}, {@code
   * /.;x}): not a dot segment to RFC 3986, so it would be routed and authorized as a name, but
   * Tomcat, Jetty and Spring strip the path parameter and read it as one — a way around an access
   * rule such as {@code /archive/**}.
   */
  private static void refuseDotWithParameters(String path) {
    int n = path.length();
    for (int i = path.indexOf("/."); i >= 0; i = path.indexOf("/.", i + 1)) {
      int end = i + 2;
      if (end < n && path.charAt(end) == '.') {
        end++;
      }
      if (end < n && path.charAt(end) == ';') {
        throw bad(
            "the path has a '.' or '..' segment with parameters (';'), read as a dot segment by some servers");
      }
    }
  }

  /** Whether {@code path} has a segment that is exactly {@code .} or {@code ..}. */
  public static boolean hasDotSegment(String path) {
    int n = path.length();
    for (int i = path.indexOf("/."); i >= 0 && i < n; i = path.indexOf("/.", i + 1)) {
      int end = i + 2;
      if (end == n || path.charAt(end) == '/') {
        return true;
      }
      if (path.charAt(end) == '.' && (end + 1 == n || path.charAt(end + 1) == '/')) {
        return true;
      }
    }
    return false;
  }

  private static boolean unreserved(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  static GatewayException bad(String message) {
    return new GatewayException(400, "BadPath", message);
  }
}
