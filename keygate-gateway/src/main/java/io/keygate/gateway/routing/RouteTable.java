package io.keygate.gateway.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the API for a request: routes with a host match come before those without, and within each
 * group the longest listen path wins. Immutable; rebuilt and swapped on every definition change.
 *
 * <p>Routes are indexed by the first segment of their listen path, so a request looks at the routes
 * that share its first segment plus the root-mounted ones ({@code /}), not at every API: matching
 * stays flat in the number of APIs. Each candidate list keeps the global order above.
 */
public final class RouteTable {
  public static final RouteTable EMPTY = new RouteTable(List.of());

  private final Route[] routes;
  private final Map<String, Route[]> bySegment = new HashMap<>();
  private final Route[] rootOnly;

  public RouteTable(List<Route> routes) {
    List<Route> sorted = new ArrayList<>(routes);
    sorted.sort(
        Comparator.comparing((Route r) -> r.host() == null)
            .thenComparing(r -> -r.prefix().length()));
    this.routes = sorted.toArray(Route[]::new);
    for (Route r : this.routes) {
      String segment = firstSegment(r.prefix());
      if (!segment.isEmpty()) {
        bySegment.computeIfAbsent(segment, this::candidates);
      }
    }
    this.rootOnly = candidates("");
  }

  /** The routes a path with this first segment may match, in the table's order. */
  private Route[] candidates(String segment) {
    // A root-mounted route is a candidate for every path; the others only for their segment.
    return Arrays.stream(routes)
        .filter(
            r -> {
              String own = firstSegment(r.prefix());
              return own.isEmpty() || own.equals(segment);
            })
        .toArray(Route[]::new);
  }

  /**
   * @param host the request's host without port, or null
   * @param path the normalized path
   * @return the route, or null when no API is mounted there
   */
  public Route match(String host, String path) {
    Route[] candidates = bySegment.getOrDefault(firstSegment(path), rootOnly);
    for (Route r : candidates) {
      String h = r.host();
      if (h != null && (host == null || !h.equalsIgnoreCase(host))) {
        continue;
      }
      if (r.matches(path)) {
        return r;
      }
    }
    return null;
  }

  public List<Route> routes() {
    return List.of(routes);
  }

  /**
   * The text between the leading {@code /} and the next one: {@code /a/b} and {@code /a} give a.
   */
  static String firstSegment(String path) {
    if (path.length() < 2 || path.charAt(0) != '/') {
      return "";
    }
    int end = path.indexOf('/', 1);
    return end < 0 ? path.substring(1) : path.substring(1, end);
  }
}
