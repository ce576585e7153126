package io.keygate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.gateway.config.FolderDefinitions;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyAuditEvent;
import io.keygate.gateway.keys.KeyHasher;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code /keys} routes over real HTTP record who asked, and answer 503 without a trail. */
class KeyRoutesAuditTest {
  @TempDir Path data;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<KeyAuditEvent> trail = new CopyOnWriteArrayList<>();
  private final AtomicBoolean trailDown = new AtomicBoolean();
  private Vertx vertx;
  private GatewayDatabase db;
  private ApiKeys keys;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    Path apis = Files.createDirectories(data.resolve("apis"));
    Path policies = Files.createDirectories(data.resolve("policies"));
    Files.writeString(policies.resolve("standard.yaml"), "name: standard\naccess: [orders]\n");
    vertx = Vertx.vertx();
    db = GatewayDatabase.sqlite(data);
    keys =
        ApiKeys.open(
            db,
            KeyHasher.loadOrCreate(data),
            event -> {
              if (trailDown.get()) {
                throw new IllegalStateException("trail down");
              }
              trail.add(event);
            });
    FolderDefinitions definitions = FolderDefinitions.open(vertx, apis, policies).await();
    Router root = Router.router(vertx);
    root.route("/v1/gateway/*").subRouter(ManagementApi.router(vertx, definitions, keys));
    server = vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    server.close().await();
    keys.close();
    db.close();
    vertx.close().await();
  }

  @Test
  void theCallerIsTheAdminViaTheAdminApi_withTheClientsRequestIdWhenWellFormed() throws Exception {
    send("POST", "/keys", "{\"policy\":\"standard\",\"alias\":\"shop\"}", "req.42_a-b");
    send("POST", "/keys", "{\"policy\":\"standard\"}", "not a request id");

    assertThat(trail).hasSize(2);
    assertThat(trail.get(0).actor().principal()).isEqualTo("admin");
    assertThat(trail.get(0).actor().via()).isEqualTo("admin-api");
    assertThat(trail.get(0).actor().requestId()).isEqualTo("req.42_a-b");
    assertThat(trail.get(1).actor().requestId())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void aRefusedExpiry_isRecordedAsARefusedCreation() throws Exception {
    HttpResponse<String> soon =
        send("POST", "/keys", "{\"policy\":\"standard\",\"expires\":\"1ms\"}", null);
    HttpResponse<String> past =
        send(
            "POST",
            "/keys",
            "{\"policy\":\"standard\",\"expires\":\"2020-01-01T00:00:00Z\"}",
            null);

    assertError(soon, 400, "BadRequest", "'expires': must be at least 1m from now");
    assertError(past, 400, "BadRequest", "'expires': must be in the future");
    assertThat(trail)
        .extracting(KeyAuditEvent::action, KeyAuditEvent::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CREATE_API_KEY", "error"),
            org.assertj.core.groups.Tuple.tuple("CREATE_API_KEY", "error"));
    assertThat(new JsonArray(send("GET", "/keys", null, null).body())).isEmpty();
  }

  @Test
  void withoutATrail_createIs503AuditUnavailable_andNoKeyIsListed() throws Exception {
    trailDown.set(true);

    HttpResponse<String> created = send("POST", "/keys", "{\"policy\":\"standard\"}", null);

    assertError(
        created,
        503,
        "AuditUnavailable",
        "the API key was not created: the audit trail could not record it");
    assertThat(new JsonArray(send("GET", "/keys", null, null).body())).isEmpty();
  }

  @Test
  void withoutATrail_revokeIs503_sayingTheKeyIsRevoked_andUndefinedPolicyIs503Too()
      throws Exception {
    String id =
        new JsonObject(send("POST", "/keys", "{\"policy\":\"standard\"}", null).body())
            .getString("id");
    trailDown.set(true);

    HttpResponse<String> revoked = send("DELETE", "/keys/" + id, null, null);
    HttpResponse<String> gold = send("POST", "/keys", "{\"policy\":\"gold\"}", null);

    assertError(
        revoked,
        503,
        "AuditUnavailable",
        "API key " + id + " is revoked, but the audit trail could not record it");
    assertThat(new JsonObject(send("GET", "/keys/" + id, null, null).body()).getString("revoked"))
        .isNotNull();
    assertError(gold, 503, "AuditUnavailable", "the audit trail could not record the request");
  }

  private HttpResponse<String> send(String method, String path, String body, String requestId)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.actualPort() + "/v1/gateway" + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (requestId != null) {
      request.header("X-Request-Id", requestId);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> r, int status, String code, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("message")).isEqualTo(message);
  }
}
