package io.keygate.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.gateway.config.ApiDefinition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner's contract, checked with a real request: order, and a culprit named on misuse. */
class ChainRunnerTest {
  private final Vertx vertx = Vertx.vertx();
  private static final ApiDefinition API =
      new ApiDefinition("t", null, null, null, null, null, null);

  static final class Twice implements Step {
    @Override
    public Future<Void> apply(Exchange exchange, Chain chain) {
      chain.proceed(exchange);
      return chain.proceed(exchange);
    }
  }

  static final class Answer implements Step {
    @Override
    public Future<Void> apply(Exchange exchange, Chain chain) {
      return Future.succeededFuture();
    }
  }

  static final class Last implements Step {
    @Override
    public Future<Void> apply(Exchange exchange, Chain chain) {
      return chain.proceed(exchange);
    }
  }

  static final class Thrower implements Step {
    @Override
    public Future<Void> apply(Exchange exchange, Chain chain) {
      throw new GatewayException(418, "teapot", "no coffee");
    }
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private String run(List<Step> steps) throws Exception {
    ChainRunner runner = new ChainRunner(steps);
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    runner
                        .run(new Exchange(req, API, "id", "/", "/", 0))
                        .onComplete(
                            r -> req.response().end(r.succeeded() ? "ok" : r.cause().getMessage())))
            .listen(0, "127.0.0.1")
            .await();
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort())).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } finally {
      server.close().await();
    }
  }

  @Test
  void stepsRunInOrder_untilOneAnswers() throws Exception {
    List<String> seen = new ArrayList<>();
    Step first =
        (e, c) -> {
          seen.add("first");
          return c.proceed(e);
        };
    Step second =
        (e, c) -> {
          seen.add("second");
          return c.proceed(e);
        };
    assertThat(run(List.of(first, second, new Answer()))).isEqualTo("ok");
    assertThat(seen).containsExactly("first", "second");
  }

  @Test
  void proceedingTwice_failsNamingTheStep() throws Exception {
    assertThat(run(List.of(new Twice(), new Answer())))
        .isEqualTo("step Twice called proceed() more than once");
  }

  @Test
  void proceedingFromTheLastStep_failsNamingIt() throws Exception {
    assertThat(run(List.of(new Last())))
        .isEqualTo("step Last called proceed() but it is the last step");
  }

  @Test
  void aStepThatThrows_failsTheExchangeWithItsError() throws Exception {
    assertThat(run(List.of(new Thrower(), new Answer()))).isEqualTo("no coffee");
  }
}
