package io.keygate.gateway.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the API for a request: routes with a host match come before those without, and within each
 * group the longest listen path wins. Immutable; rebuilt and swapped on every definition change.
 */
public final class RouteTable {
  public static final RouteTable EMPTY = new RouteTable(List.of());

  private final Route[] routes;

  public RouteTable(List<Route> routes) {
    List<Route> sorted = new ArrayList<>(routes);
    sorted.sort(
        Comparator.comparing((Route r) -> r.host() == null)
            .thenComparing(r -> -r.prefix().length()));
    this.routes = sorted.toArray(Route[]::new);
  }

  /**
   * @param host the request's host without port, or null
   * @param path the normalized path
   * @return the route, or null when no API is mounted there
   */
  public Route match(String host, String path) {
    for (Route r : routes) {
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
}
