package io.keygate.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.testfixtures.PinnedTls;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the HTTP decoder refuses before any route sees them (a request line over 4 KiB, headers
 * over 8 KiB, no HTTP at all) are answered like every other error of the admin listener: a JSON
 * body with a code, not Netty's empty one, and the connection is closed.
 */
class MalformedRequestTest {
  @TempDir static Path data;
  static RunningAdminServer api;

  @BeforeAll
  static void start() throws Exception {
    api = new RunningAdminServer(data, null);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  /** Sends raw bytes over TLS and reads until the server closes the connection. */
  private static String raw(String request) throws Exception {
    var tls = PinnedTls.trusting(data.resolve("admin-cert.pem")).getSocketFactory();
    try (SSLSocket socket = (SSLSocket) tls.createSocket("127.0.0.1", api.server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          answer.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException e) {
        // The connection stayed open: the assertions below say what came back.
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void requestLineOver4KiB_isA414WithAJsonError() throws Exception {
    String answer = raw("GET /v1/vaults/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(answer)
        .startsWith("HTTP/1.")
        .contains(" 414 ")
        .containsIgnoringCase("content-type: application/json")
        .containsIgnoringCase("connection: close")
        .endsWith(
            "{\"error\":{\"code\":\"UriTooLong\",\"message\":\"the request line is too long\"}}");
  }

  @Test
  void headersOver8KiB_areA431WithAJsonError() throws Exception {
    String answer =
        raw("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n");

    assertThat(answer)
        .contains(" 431 ")
        .endsWith(
            "{\"error\":{\"code\":\"HeadersTooLarge\","
                + "\"message\":\"the request headers are too large\"}}");
  }

  @Test
  void somethingThatIsNotHttp_isA400WithAJsonError() throws Exception {
    String answer = raw("GARBAGE\r\n\r\n");

    assertThat(answer)
        .contains(" 400 ")
        .endsWith(
            "{\"error\":{\"code\":\"MalformedRequest\","
                + "\"message\":\"the request is not valid HTTP\"}}");
  }
}
