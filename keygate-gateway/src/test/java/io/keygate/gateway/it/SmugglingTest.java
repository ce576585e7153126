package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ambiguous framing, sent as raw bytes over a socket: each is answered 400 and the connection
 * closed, and the upstream never sees the request (nor anything smuggled behind it).
 */
class SmugglingTest {
  static Vertx vertx;
  static TestUpstream upstream;
  static GatewayHarness gw;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    upstream = TestUpstream.start(vertx, "u");
    gw =
        GatewayHarness.start(
            vertx,
            Map.of("echo.yaml", GatewayHarness.keylessApi("echo", "/echo/", upstream.url(), "")));
  }

  @AfterAll
  static void stop() {
    gw.close();
    vertx.close().await();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // CL.TE: a front end honouring Content-Length would pass the smuggled GET on
        "POST /echo/smuggle HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /echo/smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
        // TE.CL
        "POST /echo/smuggle HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5c\r\nGET /echo/smuggled HTTP/1.1\r\nHost: x\r\nContent-Length: 15\r\n\r\nx=1\r\n0\r\n\r\n",
        "POST /echo/smuggle HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        "POST /echo/smuggle HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
        "POST /echo/smuggle HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nhello",
        "POST /echo/smuggle HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        "POST /echo/smuggle HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\nhello",
        "POST /echo/smuggle HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
        "POST /echo/smuggle HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /echo/smuggle HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
        "POST /echo/smuggle HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nX-Folded: a\r\n b\r\n\r\n",
        "POST /echo/smuggle HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n",
        "POST /echo/smuggle HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello",
      })
  void ambiguousFraming_isRefusedWith400_andNeverForwarded(String request) {
    String answer = gw.raw(request);
    assertThat(answer).startsWith("HTTP/1.1 400 Bad Request");
    assertThat(answer.indexOf("HTTP/1.1", 1)).as("only one answer on the connection").isEqualTo(-1);
    assertThat(upstream.seen).noneMatch(s -> s.contains("smuggl"));
  }

  @Test
  void contentLengthWithTransferEncoding_getsAJsonError() {
    String answer =
        gw.raw(
            "POST /echo/smuggle HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    assertThat(answer.toLowerCase()).contains("connection: close");
    assertThat(answer)
        .endsWith(
            "{\"error\":{\"code\":\"AmbiguousFraming\",\"message\":\"the request is refused:"
                + " Content-Length together with Transfer-Encoding\"}}");
  }

  @Test
  void obsoleteLineFolding_getsAJsonError() {
    String answer = gw.raw("GET /echo/smuggle HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n\tb\r\n\r\n");
    assertThat(answer)
        .endsWith(
            "{\"error\":{\"code\":\"AmbiguousFraming\",\"message\":\"the request is refused:"
                + " obsolete line folding in a header\"}}");
  }

  @Test
  void clientSentFramingMarker_isDropped_notEchoed() {
    String answer =
        gw.raw(
            "GET /echo/marker HTTP/1.1\r\nHost: x\r\nX-Keygate-Ambiguous-Framing: <b>hi</b>\r\n"
                + "Connection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200").doesNotContain("<b>hi</b>");
  }

  @Test
  void plainChunkedAndLengthBodies_stillPass() {
    String chunked =
        gw.raw(
            "POST /echo/ok HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    assertThat(chunked).startsWith("HTTP/1.1 200").contains("\"bodyLength\":5");
    String length =
        gw.raw(
            "POST /echo/ok HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
    assertThat(length).startsWith("HTTP/1.1 200").contains("\"bodyLength\":5");
  }

  @Test
  void malformedChunkMidBody_isTheClientsBadRequest_notAnUpstreamError() {
    double clientErrors = answered("4xx");
    double serverErrors = answered("5xx");
    double upstreamErrors = upstreamErrors();

    String answer =
        gw.raw(
            "POST /echo/badchunk HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\nzz\r\nabc\r\n0\r\n\r\n");

    // Vert.x closes the connection on a body it cannot decode; if an answer gets out, it is ours.
    assertThat(answer).doesNotContain(" 502 ");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> answered("4xx") > clientErrors);
    assertThat(answered("5xx")).as("answered as a server error").isEqualTo(serverErrors);
    assertThat(upstreamErrors()).as("counted as the upstream's failure").isEqualTo(upstreamErrors);
  }

  private static double answered(String statusClass) {
    var timer =
        gw.gateway
            .metrics()
            .registry()
            .find("keygate.requests")
            .tag("api", "echo")
            .tag("status", statusClass)
            .timer();
    return timer == null ? 0 : timer.count();
  }

  private static double upstreamErrors() {
    return gw
        .gateway
        .metrics()
        .registry()
        .find("keygate.upstream.errors")
        .tag("api", "echo")
        .counters()
        .stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count)
        .sum();
  }
}
