package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests whose host, framing or very syntax two readers could take differently, sent as raw
 * bytes: a 400 (414, 431) with a JSON error, the connection closed, and nothing forwarded.
 */
class AmbiguousRequestTest {
  static Vertx vertx;
  static TestUpstream open;
  static TestUpstream internal;
  static GatewayHarness gw;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    open = TestUpstream.start(vertx, "open");
    internal = TestUpstream.start(vertx, "internal");
    gw =
        GatewayHarness.start(
            vertx,
            Map.of(
                "open.yaml",
                GatewayHarness.keylessApi("open", "/public/", open.url(), ""),
                "internal.yaml",
                "name: internal\nlisten: { path: /public/, host: internal.example }\n"
                    + "upstream: { url: \""
                    + internal.url()
                    + "\" }\nauth: { keyless: true }\n"));
  }

  @AfterAll
  static void stop() {
    gw.close();
    vertx.close().await();
  }

  private static void assertRefused(String answer, String status, String code, String message) {
    // The status line's version is 1.0 when the request line itself could not be read.
    assertThat(answer).matches("(?s)HTTP/1\\.[01] " + status + "\r\n.*");
    assertThat(answer.toLowerCase()).contains("connection: close");
    assertThat(answer.toLowerCase()).contains("content-type: application/json");
    assertThat(answer)
        .endsWith("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
    assertThat(answer.lines().filter(line -> line.startsWith("HTTP/1.")))
        .as("only one answer on the connection")
        .hasSize(1);
    assertThat(open.seen).noneMatch(s -> s.contains("refused"));
    assertThat(internal.seen).noneMatch(s -> s.contains("refused"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "two Host headers | Host: other\\r\\nHost: internal.example"
            + " | the request is refused: the request has more than one Host header",
        "two Host headers, other order | Host: internal.example\\r\\nHost: other"
            + " | the request is refused: the request has more than one Host header",
        "no Host header | X-Nothing: 1 | the request is refused: an HTTP/1.1 request needs a Host"
            + " header",
      })
  void ambiguousOrMissingHost_isRefused(String name, String headers, String message) {
    String answer =
        gw.raw("GET /public/refused HTTP/1.1\r\n" + headers.replace("\\r\\n", "\r\n") + "\r\n\r\n");
    assertRefused(answer, "400 Bad Request", "AmbiguousHost", message);
  }

  @Test
  void absoluteFormTarget_whoseAuthorityIsNotTheHost_isRefused() {
    String answer =
        gw.raw("GET http://internal.example/public/refused HTTP/1.1\r\nHost: other\r\n\r\n");
    assertRefused(
        answer,
        "400 Bad Request",
        "AmbiguousHost",
        "the request is refused: the request target's authority is not its Host header");
  }

  @Test
  void absoluteFormTarget_matchingTheHost_isRoutedByIt() {
    String answer =
        gw.raw(
            "GET http://Internal.Example/public/ok HTTP/1.1\r\nHost: internal.example\r\n"
                + "Connection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200");
    assertThat(internal.seen).anyMatch(s -> s.endsWith("/ok"));
  }

  @Test
  void transferEncodingInAnHttp10Request_isRefused() {
    String answer =
        gw.raw(
            "POST /public/refused HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.0 400 Bad Request");
    assertThat(answer)
        .endsWith(
            "{\"error\":{\"code\":\"AmbiguousFraming\",\"message\":\"the request is refused:"
                + " Transfer-Encoding in an HTTP/1.0 request\"}}");
    assertThat(open.seen).noneMatch(s -> s.contains("refused"));
  }

  @Test
  void requestTheDecoderCannotRead_getsAJsonError() {
    String answer =
        gw.raw(
            "POST /public/refused HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n"
                + "\r\nhello!");
    assertRefused(answer, "400 Bad Request", "MalformedRequest", "the request is not valid HTTP");
  }

  @Test
  void hugeHeaders_get431WithAJsonError() {
    String answer =
        gw.raw(
            "GET /public/refused HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n");
    assertRefused(
        answer,
        "431 Request Header Fields Too Large",
        "HeadersTooLarge",
        "the request headers are too large");
  }

  @Test
  void hugeRequestLine_gets414WithAJsonError() {
    String answer =
        gw.raw("GET /public/refused" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertRefused(answer, "414 Request-URI Too Long", "UriTooLong", "the request line is too long");
  }
}
