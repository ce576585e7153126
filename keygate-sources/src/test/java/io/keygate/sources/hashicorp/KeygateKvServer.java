package io.keygate.sources.hashicorp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.secrets.SecretValue;
import io.keygate.testfixtures.PinnedTls;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.SelfSignedCertificate;
import io.keygate.vault.server.kv2.AppRoleLogin;
import io.keygate.vault.server.kv2.CallerTokens;
import io.keygate.vault.server.kv2.Kv2Api;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keygate's own KV v2-compatible API on a real admin listener (127.0.0.1, ephemeral port, generated
 * self-signed certificate) over a vault in a temporary directory. Secrets are written through the
 * KV v2 API itself with the admin token. {@code appTokens} stand for principals the way
 * Keygate-issued tokens do; AppRole logins ({@code appRoles}: role id to secret id) through Vault's
 * login route hand out such tokens, counted in {@code logins}, so a test can revoke one.
 */
final class KeygateKvServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  final SecretVault vault;
  final Vertx vertx;
  final AdminServer server;
  final AdminToken token;
  final Path certificate;
  final Map<String, List<String>> appTokens = new ConcurrentHashMap<>();
  final Map<String, String> appRoles = new ConcurrentHashMap<>();
  final AtomicInteger logins = new AtomicInteger();
  private final HttpClient http;

  KeygateKvServer(Path data) throws Exception {
    MasterKeySource key = MasterKeySource.keyFile(data.resolve("master-key.json"));
    this.vault =
        SecretVault.open(
            VaultOptions.embedded(data).withMasterKey(key).withSweepInterval(Duration.ZERO));
    this.vertx = Vertx.vertx();
    this.token = AdminToken.loadOrCreate(data.resolve("admin-token")).token();
    SelfSignedCertificate.TlsFiles tls = SelfSignedCertificate.loadOrGenerate(data, List.of());
    this.certificate = tls.certificate();
    CallerTokens tokens =
        presented -> Future.succeededFuture(Optional.ofNullable(appTokens.get(presented)));
    AppRoleLogin appRole =
        (roleId, secretId) -> {
          String expected = appRoles.get(roleId);
          if (expected == null || !expected.equals(secretId.reveal())) {
            return Future.succeededFuture(null);
          }
          String issued = "approle-token-" + logins.incrementAndGet();
          appTokens.put(issued, List.of("app:" + roleId));
          return Future.succeededFuture(
              new AppRoleLogin.LoginToken(roleId, SecretValue.of(issued), Duration.ofHours(1)));
        };
    Kv2Api kv = Kv2Api.create(vault, token).withTokens(tokens).withAppRole(appRole);
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
    this.http = PinnedTls.client(certificate);
  }

  URI address() {
    return URI.create("https://127.0.0.1:" + server.port());
  }

  /** Writes a new version of {@code mount/path} through KV v2; returns its version number. */
  int put(String mount, String path, String dataJson) throws Exception {
    JsonNode reply = call("POST", "/v1/" + mount + "/data/" + path, "{\"data\":" + dataJson + "}");
    return reply.path("data").path("version").asInt();
  }

  /** A KV v2 call with the admin token; fails on a non-2xx answer. */
  JsonNode call(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(address().resolve(path))
                .header("X-Vault-Token", token.reveal())
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " -> " + response.statusCode());
    }
    return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vault.close();
  }
}
