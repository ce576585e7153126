package io.keygate.bench.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The upstream of the rotation benchmark: accepts only the credentials it currently holds, and
 * learns a new one the way a real target does, from the vault's webhook generator ({@code POST
 * /rotation-hook} with {@code {"value": ...}}), never by reading the vault. Without overlap it
 * holds one credential (the new one replaces the old at once); with overlap, the new and the
 * previous. Records when each credential was installed and when a request first carried it.
 */
final class HookUpstream implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One credential: its Authorization value, when it was installed, when it was first used. */
  static final class Installed {
    final byte[] authorization;
    final long installedNanos;
    volatile long firstUseNanos;

    Installed(String value) {
      this.authorization = ("Bearer " + value).getBytes(StandardCharsets.UTF_8);
      this.installedNanos = System.nanoTime();
    }
  }

  final List<Installed> installed = new CopyOnWriteArrayList<>();
  final AtomicInteger accepted = new AtomicInteger();
  final AtomicInteger refused = new AtomicInteger();
  private final boolean overlap;
  private volatile Installed current;
  private volatile Installed previous;
  private final HttpServer server;

  private HookUpstream(Vertx vertx, boolean overlap, String initial) {
    this.overlap = overlap;
    this.current = new Installed(initial);
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  static HookUpstream start(Vertx vertx, boolean overlap, String initial) {
    HookUpstream upstream = new HookUpstream(vertx, overlap, initial);
    upstream.server.listen(0, "127.0.0.1").await();
    return upstream;
  }

  int port() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest r) {
    r.body()
        .onSuccess(
            body -> {
              if (r.path().equals("/rotation-hook")) {
                install(body.getBytes());
                r.response().setStatusCode(204).end();
                return;
              }
              String auth = r.getHeader("Authorization");
              Installed match = matching(auth);
              if (match == null) {
                refused.incrementAndGet();
                r.response().setStatusCode(401).end();
                return;
              }
              if (match.firstUseNanos == 0) {
                match.firstUseNanos = System.nanoTime();
              }
              accepted.incrementAndGet();
              r.response().end("ok");
            });
  }

  private void install(byte[] webhookBody) {
    try {
      JsonNode node = JSON.readTree(webhookBody);
      Installed next = new Installed(node.get("value").asText());
      installed.add(next);
      previous = overlap ? current : null;
      current = next;
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("rotation hook without a value");
    }
  }

  private Installed matching(String auth) {
    if (auth == null) {
      return null;
    }
    byte[] given = auth.getBytes(StandardCharsets.UTF_8);
    Installed now = current;
    if (MessageDigest.isEqual(given, now.authorization)) {
      return now;
    }
    Installed before = previous;
    return before != null && MessageDigest.isEqual(given, before.authorization) ? before : null;
  }

  @Override
  public void close() {
    server.close().await();
  }
}
