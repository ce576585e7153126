package io.keygate.vault.server.internal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /health/live} and {@code /health/ready}: public, no token, no details beyond names. */
public final class Health {
  private static final Logger LOG = LoggerFactory.getLogger(Health.class);
  private final Vertx vertx;
  private final Map<String, Callable<?>> checks;

  public Health(Vertx vertx, Map<String, Callable<?>> checks) {
    this.vertx = vertx;
    this.checks = Map.copyOf(checks);
  }

  public void live(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "UP"));
  }

  public void ready(RoutingContext ctx) {
    List<Future<String>> results = new ArrayList<>();
    checks.forEach(
        (name, check) ->
            results.add(
                vertx
                    .executeBlocking(check, false)
                    .map(ignored -> (String) null)
                    .otherwise(
                        failure -> {
                          LOG.warn("readiness check '{}' failed: {}", name, failure.toString());
                          return name;
                        })));
    Future.join(results)
        .onComplete(
            done -> {
              JsonObject failing = new JsonObject();
              results.stream()
                  .map(Future::result)
                  .filter(name -> name != null)
                  .forEach(name -> failing.put(name, "DOWN"));
              boolean up = failing.isEmpty();
              JsonObject body = new JsonObject().put("status", up ? "UP" : "DOWN");
              if (!up) {
                body.put("checks", failing);
              }
              ctx.response().setStatusCode(up ? 200 : 503);
              ctx.json(body);
            });
  }
}
