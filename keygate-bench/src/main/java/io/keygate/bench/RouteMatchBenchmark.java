package io.keygate.bench;

import io.keygate.gateway.config.ApiDefinition;
import io.keygate.gateway.metrics.GatewayMetrics;
import io.keygate.gateway.routing.PathNormalizer;
import io.keygate.gateway.routing.Route;
import io.keygate.gateway.routing.RouteTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route matching on the hot path: normalizing the request path and finding its API among {@code
 * apis} definitions. The reference is a plain HashMap lookup of the first path segment, measured in
 * the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteMatchBenchmark {
  @Param({"10", "100"})
  int apis;

  private RouteTable table;
  private Map<String, String> reference;
  private String rawPath;

  @Setup
  public void setUp() {
    GatewayMetrics metrics = new GatewayMetrics();
    List<Route> routes = new ArrayList<>();
    reference = new HashMap<>();
    for (int i = 0; i < apis; i++) {
      String name = "api-" + i;
      ApiDefinition api =
          new ApiDefinition(
              name,
              new ApiDefinition.Listen("/" + name + "/", true, null),
              new ApiDefinition.Upstream("http://127.0.0.1:9/", null, null, null),
              new ApiDefinition.Auth(null, null, true),
              null,
              List.of(),
              true);
      routes.add(
          new Route(api, Duration.ofSeconds(5), Duration.ofSeconds(30), metrics.forApi(name)));
      reference.put(name, name);
    }
    table = new RouteTable(routes);
    rawPath = "/api-" + (apis / 2) + "/v1/orders/12345";
  }

  @Benchmark
  public Object normalizeAndMatch() {
    String path = PathNormalizer.removeDotSegments(PathNormalizer.decode(rawPath));
    return table.match(null, path);
  }

  @Benchmark
  public Object reference_hashMapLookupOfFirstSegment() {
    int end = rawPath.indexOf('/', 1);
    return reference.get(rawPath.substring(1, end));
  }
}
