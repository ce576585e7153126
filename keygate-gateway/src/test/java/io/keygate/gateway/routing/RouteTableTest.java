package io.keygate.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.gateway.config.ApiDefinition;
import io.keygate.gateway.metrics.GatewayMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private static final GatewayMetrics METRICS = new GatewayMetrics();

  /** The index must choose exactly what a scan of every route in the table's order chooses. */
  @Property(tries = 500)
  void theIndexedMatch_isTheSameAsAScanOfEveryRoute(
      @ForAll("mounts") Map<String, String> mounts, @ForAll("requests") List<String> requests) {
    List<Route> routes = new ArrayList<>();
    int i = 0;
    for (var mount : mounts.entrySet()) {
      routes.add(route("api-" + i++, mount.getKey(), mount.getValue()));
    }
    RouteTable table = new RouteTable(routes);
    for (String request : requests) {
      for (String host : new String[] {null, "x.test", "Y.TEST", "z.test"}) {
        assertThat(name(table.match(host, request)))
            .as("%s on host %s", request, host)
            .isEqualTo(name(scan(table.routes(), host, request)));
      }
    }
  }

  @Test
  void aHostRoute_winsOverALongerPathWithoutHost_andTheLongestPathWinsWithinEach() {
    RouteTable table =
        new RouteTable(
            List.of(
                route("root", "/", null),
                route("orders", "/shop/orders/", null),
                route("shop", "/shop/", null),
                route("shop-on-x", "/shop/", "x.test")));
    assertThat(table.match("x.test", "/shop/orders/1").name()).isEqualTo("shop-on-x");
    assertThat(table.match("y.test", "/shop/orders/1").name()).isEqualTo("orders");
    assertThat(table.match(null, "/shop").name()).isEqualTo("shop");
    assertThat(table.match(null, "/shopping").name()).isEqualTo("root");
    assertThat(table.match(null, "/").name()).isEqualTo("root");
    assertThat(new RouteTable(List.of(route("shop", "/shop/", null))).match(null, "/other"))
        .isNull();
  }

  @Provide
  Arbitrary<Map<String, String>> mounts() {
    Arbitrary<String> host = Arbitraries.of("x.test", "y.test").injectNull(0.6);
    return Combinators.combine(paths(), host)
        .as(Tuple::of)
        .list()
        .ofMaxSize(12)
        .map(
            list -> {
              // Listen paths are unique per host in a valid configuration.
              Map<String, String> byPath = new LinkedHashMap<>();
              list.forEach(t -> byPath.putIfAbsent(t.get1() + "/", t.get2()));
              return byPath;
            });
  }

  @Provide
  Arbitrary<List<String>> requests() {
    return Arbitraries.oneOf(paths(), paths().map(p -> p + "/"), paths().map(p -> p + "/tail"))
        .list()
        .ofMinSize(1)
        .ofMaxSize(8);
  }

  private static Arbitrary<String> paths() {
    return Arbitraries.of("a", "b", "ab", "a-b")
        .list()
        .ofMaxSize(3)
        .map(segments -> "/" + String.join("/", segments))
        .map(p -> p.equals("/") ? "" : p);
  }

  private static Route scan(List<Route> ordered, String host, String path) {
    for (Route r : ordered) {
      if (r.host() != null && (host == null || !r.host().equalsIgnoreCase(host))) {
        continue;
      }
      if (r.matches(path)) {
        return r;
      }
    }
    return null;
  }

  private static String name(Route route) {
    return route == null ? null : route.name();
  }

  private static Route route(String name, String path, String host) {
    ApiDefinition api =
        new ApiDefinition(
            name,
            new ApiDefinition.Listen(path, true, host),
            new ApiDefinition.Upstream("http://127.0.0.1:9/", null, null, null),
            new ApiDefinition.Auth(null, null, true),
            null,
            List.of(),
            true);
    return new Route(api, Duration.ofSeconds(5), Duration.ofSeconds(30), METRICS.forApi(name));
  }
}
