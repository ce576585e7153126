package io.keygate.gateway.it;

import io.keygate.gateway.Gateway;
import io.keygate.gateway.GatewayOptions;
import io.keygate.gateway.GatewayServices;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A gateway on 127.0.0.1:0 over temporary definition folders, with helpers to talk to it. */
final class GatewayHarness implements AutoCloseable {
  final Vertx vertx;
  final Path dataDir;
  final Gateway gateway;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private GatewayHarness(Vertx vertx, Path dataDir, Gateway gateway) {
    this.vertx = vertx;
    this.dataDir = dataDir;
    this.gateway = gateway;
  }

  /** Writes {@code apis} (file name to YAML) and starts a keyless-only gateway over them. */
  static GatewayHarness start(Vertx vertx, java.util.Map<String, String> apis) {
    return start(vertx, apis, GatewayServices.keylessOnly(), o -> o);
  }

  static GatewayHarness start(
      Vertx vertx,
      java.util.Map<String, String> apis,
      GatewayServices services,
      java.util.function.UnaryOperator<GatewayOptions> customize) {
    try {
      Path data = Files.createTempDirectory("keygate-gw");
      Files.createDirectories(data.resolve("apis"));
      Files.createDirectories(data.resolve("policies"));
      for (var e : apis.entrySet()) {
        Files.writeString(data.resolve("apis").resolve(e.getKey()), e.getValue());
      }
      GatewayOptions options =
          customize.apply(
              GatewayOptions.defaults(data)
                  .withListen("127.0.0.1", 0)
                  .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
      Gateway gateway = Gateway.start(vertx, options, services).await();
      return new GatewayHarness(vertx, data, gateway);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String keylessApi(String name, String path, String upstreamUrl, String extra) {
    return "name: "
        + name
        + "\nlisten: { path: "
        + path
        + " }\nupstream: { url: \""
        + upstreamUrl
        + "\" }\nauth: { keyless: true }\n"
        + extra;
  }

  String base() {
    return "http://127.0.0.1:" + gateway.port();
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends raw bytes over a fresh socket and returns everything the gateway answers until it closes
   * the connection or, once it has answered, stays silent for 0.7 s.
   */
  String raw(String request) {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      byte[] buffer = new byte[8192];
      try {
        int n;
        while ((n = in.read(buffer)) > 0) {
          answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
          socket.setSoTimeout(700);
        }
      } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
        // silent or reset: the answer so far is what the client got
      }
      return answer.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void writeApi(String file, String yaml) {
    try {
      Path target = dataDir.resolve("apis").resolve(file);
      Path tmp = dataDir.resolve("apis").resolve("." + file + ".tmp");
      Files.writeString(tmp, yaml);
      Files.move(
          tmp,
          target,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    gateway.stop(Duration.ofSeconds(2)).await();
  }
}
