package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Upstream failures, timeouts, round robin with passive health, keep-alive pooling. */
class UpstreamBehaviourTest {
  static Vertx vertx;
  static TestUpstream a;
  static TestUpstream b;
  static GatewayHarness gw;
  static String dead;

  @BeforeAll
  static void start() throws IOException {
    vertx = Vertx.vertx();
    a = TestUpstream.start(vertx, "a");
    b = TestUpstream.start(vertx, "b");
    try (ServerSocket s = new ServerSocket(0)) {
      dead = "http://127.0.0.1:" + s.getLocalPort();
    }
    gw =
        GatewayHarness.start(
            vertx,
            Map.of(
                "pair.yaml",
                "name: pair\nlisten: { path: /pair/ }\nupstream: { targets: [\""
                    + a.url()
                    + "\", \""
                    + b.url()
                    + "\"] }\nauth: { keyless: true }\n",
                "half.yaml",
                "name: half\nlisten: { path: /half/ }\nupstream: { targets: [\""
                    + dead
                    + "\", \""
                    + a.url()
                    + "\"] }\nauth: { keyless: true }\n",
                "dead.yaml",
                GatewayHarness.keylessApi("dead", "/dead/", dead, ""),
                "slow.yaml",
                "name: slow\nlisten: { path: /slow/ }\nupstream: { url: \""
                    + a.url()
                    + "\", readTimeout: 300ms }\nauth: { keyless: true }\n"));
  }

  @AfterAll
  static void stop() {
    gw.close();
    vertx.close().await();
  }

  @Test
  void refusedConnection_is502Json() {
    HttpResponse<String> r = gw.get("/dead/x");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":{\"code\":\"UpstreamUnavailable\",\"message\":\"the upstream refused or"
                + " dropped the connection\"}}");
  }

  @Test
  void upstreamThatDoesNotAnswerInTime_is504Json() {
    HttpResponse<String> r = gw.get("/slow/slow");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body())
        .isEqualTo(
            "{\"error\":{\"code\":\"UpstreamTimeout\",\"message\":\"the upstream did not answer"
                + " within 300 ms\"}}");
  }

  @Test
  void targets_areUsedRoundRobin() {
    List<String> served = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      served.add(gw.get("/pair/rr").headers().firstValue("X-Upstream").orElseThrow());
    }
    assertThat(served).containsOnly("a", "b");
    assertThat(served.stream().filter("a"::equals).count()).isEqualTo(3);
  }

  @Test
  void deadTarget_isSkipped_andNoRequestFails() {
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = gw.get("/half/h" + i);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-Upstream")).contains("a");
    }
  }

  @Test
  void upstreamConnections_areKeptAliveAndReused() {
    long before = b.connections.get();
    for (int i = 0; i < 20; i++) {
      assertThat(gw.get("/pair/k").statusCode()).isEqualTo(200);
    }
    assertThat(b.connections.get() - before).isLessThanOrEqualTo(2);
  }
}
