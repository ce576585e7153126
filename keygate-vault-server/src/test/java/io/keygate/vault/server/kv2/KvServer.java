package io.keygate.vault.server.kv2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.testfixtures.PinnedTls;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.SelfSignedCertificate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * A real admin listener with the KV v2 API for tests: a vault in a temporary directory, a generated
 * self-signed certificate, and an HTTPS client that pins it. Besides the admin token, the tokens in
 * {@code appTokens} stand for the given principals (what Keygate-issued tokens do in production).
 */
final class KvServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  final SecretVault vault;
  final Vertx vertx;
  final AdminServer server;
  final AdminToken token;
  final Path certificate;
  final HttpClient http;

  KvServer(Path data, Map<String, List<String>> appTokens) throws Exception {
    this(data, (vertx, api) -> api.withTokens(fixed(appTokens)));
  }

  /** A listener whose KV API {@code configure} completes (tokens, AppRole). */
  KvServer(Path data, BiFunction<Vertx, Kv2Api, Kv2Api> configure) throws Exception {
    MasterKeySource key = MasterKeySource.keyFile(data.resolve("master-key.json"));
    this.vault =
        SecretVault.open(
            VaultOptions.embedded(data).withMasterKey(key).withSweepInterval(Duration.ZERO));
    this.vertx = Vertx.vertx();
    this.token = AdminToken.loadOrCreate(data.resolve("admin-token")).token();
    SelfSignedCertificate.TlsFiles tls = SelfSignedCertificate.loadOrGenerate(data, List.of());
    this.certificate = tls.certificate();
    Kv2Api kv = configure.apply(vertx, Kv2Api.create(vault, token));
    this.server =
        AdminServer.builder(vertx)
            .listen("127.0.0.1", 0)
            .tls(tls.certificate(), tls.privateKey())
            .token(token)
            .vault(vault, key)
            .selfAuthenticated(kv::install)
            .start()
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    this.http = PinnedTls.client(tls.certificate());
  }

  private static CallerTokens fixed(Map<String, List<String>> appTokens) {
    return presented -> Future.succeededFuture(Optional.ofNullable(appTokens.get(presented)));
  }

  String address() {
    return "https://127.0.0.1:" + server.port();
  }

  /** A request with {@code X-Vault-Token: <admin token>}. */
  Answer vault(String method, String path, String body) throws Exception {
    return send(method, path, body, Map.of("X-Vault-Token", token.reveal()));
  }

  Answer send(String method, String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(address() + path)).timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(response.statusCode(), response.body());
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vault.close();
  }

  record Answer(int status, String body) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
