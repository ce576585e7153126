package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 100 MiB bodies are streamed both ways, never held whole, with back-pressure. */
class LargeBodyTest {
  static final long SIZE = 100L * 1024 * 1024;
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
            Map.of("big.yaml", GatewayHarness.keylessApi("big", "/big/", upstream.url(), "")));
  }

  @AfterAll
  static void stop() {
    gw.close();
    vertx.close().await();
  }

  @Test
  void upload_of100MiB_isStreamedToTheUpstreamByteExact() throws Exception {
    MessageDigest sent = TestUpstream.sha256();
    InputStream body = new GeneratedStream(SIZE, sent, 8L * 1024 * 1024);
    HttpResponse<String> r =
        gw.http.send(
            HttpRequest.newBuilder(URI.create(gw.base() + "/big/upload"))
                .POST(
                    HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> body), SIZE))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject echo = new JsonObject(r.body());
    assertThat(echo.getLong("bodyLength")).isEqualTo(SIZE);
    assertThat(echo.getString("bodySha256")).isEqualTo(HexFormat.of().formatHex(sent.digest()));
  }

  @Test
  void download_of100MiB_isStreamedWithBackPressure() throws Exception {
    HttpResponse<InputStream> r =
        gw.http.send(
            HttpRequest.newBuilder(URI.create(gw.base() + "/big/download?bytes=" + SIZE)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    long read = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = r.body()) {
      while (read < 1024 * 1024) {
        read += in.read(buffer);
      }
      long sentWhileWeRead1MiB = upstream.bytesSent.get();
      // the client has read 1 MiB and holds the rest back: the upstream must be held back too
      assertThat(sentWhileWeRead1MiB).isLessThan(SIZE / 2);
      int n;
      while ((n = in.read(buffer)) > 0) {
        read += n;
      }
    }
    assertThat(read).isEqualTo(SIZE);
  }

  /**
   * Generates bytes and, at {@code pauseAt}, waits until the upstream has received some: a gateway
   * that buffered whole bodies would never pass anything on before the end.
   */
  private static final class GeneratedStream extends InputStream {
    private final long size;
    private final MessageDigest digest;
    private final long pauseAt;
    private long position;

    GeneratedStream(long size, MessageDigest digest, long pauseAt) {
      this.size = size;
      this.digest = digest;
      this.pauseAt = pauseAt;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (position >= size) {
        return -1;
      }
      if (position == pauseAt) {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> upstream.bytesReceived.get() >= 1024 * 1024);
      }
      int n =
          (int)
              Math.min(
                  len, Math.min(size - position, position < pauseAt ? pauseAt - position : len));
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) ((position + i) * 31);
      }
      digest.update(b, off, n);
      position += n;
      return n;
    }
  }
}
