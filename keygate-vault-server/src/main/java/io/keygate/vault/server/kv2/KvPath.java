package io.keygate.vault.server.kv2;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one mapping between KV v2 paths and Keygate secret names. A path is one or more segments
 * separated by {@code /}; each segment is letters and digits with single hyphens inside ({@code
 * db}, {@code my-app}, {@code prod2}). The secret name is the segments joined by {@code --}: {@code
 * my-app/prod/db} is the secret {@code my-app--prod--db}. Because a segment can neither start or
 * end with a hyphen nor contain two in a row, the mapping is reversible both ways.
 *
 * <p>Refused (400): empty segments ({@code a//b}), any other character ({@code _ . %} and so on), a
 * segment with {@code --} or a leading or trailing hyphen, and paths whose name would exceed 127
 * characters. Keygate names are case-insensitive, so {@code App/DB} and {@code app/db} are the same
 * secret.
 */
final class KvPath {
  static final String SEPARATOR = "--";
  private static final int MAX_NAME = 127;
  private static final Pattern SEGMENT = Pattern.compile("[0-9A-Za-z]+(-[0-9A-Za-z]+)*");

  private KvPath() {}

  /**
   * The Keygate name of {@code path} (no leading or trailing slash).
   *
   * @throws KvError 400 saying why the path cannot be mapped
   */
  static String toName(String path) {
    if (path == null || path.isEmpty()) {
      throw KvError.badRequest("missing secret path");
    }
    String[] segments = path.split("/", -1);
    for (String segment : segments) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw KvError.badRequest(
            "path '"
                + shown(path)
                + "' cannot be stored in Keygate: each path segment must be letters and digits"
                + " with single hyphens inside (no empty segments, no '_', '.' or '--')");
      }
    }
    String name = String.join(SEPARATOR, segments);
    if (name.length() > MAX_NAME) {
      throw KvError.badRequest(
          "path '" + shown(path) + "' is too long: its Keygate name would exceed 127 characters");
    }
    return name;
  }

  /** The path segments a Keygate name stands for, or empty when the name is not a KV path. */
  static Optional<List<String>> segments(String name) {
    List<String> segments = new ArrayList<>();
    for (String segment : name.split(SEPARATOR, -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        return Optional.empty();
      }
      segments.add(segment);
    }
    return Optional.of(segments);
  }

  /** The segments of a listing prefix ({@code ""} or {@code a/b/}); trailing slash optional. */
  static List<String> prefix(String path) {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (trimmed.isEmpty()) {
      return List.of();
    }
    toName(trimmed);
    return List.of(trimmed.split("/"));
  }

  private static String shown(String path) {
    return path.length() > 100 ? path.substring(0, 100) + "..." : path;
  }
}
