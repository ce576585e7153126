package io.keygate.vault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.testfixtures.PinnedTls;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real admin listener for tests: a vault in a temporary directory, the listener on 127.0.0.1 with
 * a generated self-signed certificate, and an HTTPS client that pins that certificate.
 */
final class RunningAdminServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  final Path data;
  final SecretVault vault;
  final Vertx vertx;
  final AdminServer server;
  final AdminToken token;
  final HttpClient http;

  RunningAdminServer(Path data, Router extra) throws Exception {
    this.data = data;
    MasterKeySource key = MasterKeySource.keyFile(data.resolve("master-key.json"));
    this.vault =
        SecretVault.open(
            VaultOptions.embedded(data).withMasterKey(key).withSweepInterval(Duration.ZERO));
    this.vertx = Vertx.vertx();
    this.token = AdminToken.loadOrCreate(data.resolve("admin-token")).token();
    SelfSignedCertificate.TlsFiles tls = SelfSignedCertificate.loadOrGenerate(data, List.of());
    AdminServer.Builder builder =
        AdminServer.builder(vertx)
            .listen("127.0.0.1", 0)
            .tls(tls.certificate(), tls.privateKey())
            .token(token)
            .vault(vault, key);
    if (extra != null) {
      builder.mount("/v1/extra", extra);
    }
    this.server =
        builder.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    this.http = PinnedTls.client(tls.certificate());
  }

  URI uri(String path) {
    return URI.create("https://127.0.0.1:" + server.port() + path);
  }

  /** A request with the admin token. */
  Answer call(String method, String path, String body) throws Exception {
    return send(method, path, body, "Bearer " + token.reveal());
  }

  /** A request with the given Authorization header, or none when null. */
  Answer send(String method, String path, String body, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(response.statusCode(), response.body(), response);
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vault.close();
  }

  record Answer(int status, String body, HttpResponse<String> response) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }

    String errorCode() throws Exception {
      return json().path("error").path("code").asText();
    }

    String errorMessage() throws Exception {
      return json().path("error").path("message").asText();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
