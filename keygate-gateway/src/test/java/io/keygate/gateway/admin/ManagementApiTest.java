package io.keygate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keygate.gateway.config.FolderDefinitions;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.gateway.keys.KeyVerification;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The management router over real HTTP, mounted the way the admin listener mounts it. */
class ManagementApiTest {
  @TempDir Path data;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Vertx vertx;
  private GatewayDatabase db;
  private ApiKeys keys;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    Path apis = Files.createDirectories(data.resolve("apis"));
    Path policies = Files.createDirectories(data.resolve("policies"));
    Files.writeString(
        apis.resolve("orders.yaml"),
        """
        name: orders
        listen: { path: /orders/, strip: true }
        upstream: { url: "http://127.0.0.1:9" }
        auth: { apiKey: {} }
        """);
    Files.writeString(
        policies.resolve("standard.yaml"),
        """
        name: standard
        access: [orders]
        rate: { requests: 100, per: 1s }
        quota: { max: 1000, per: 30d }
        """);
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    logs.start();
    vertx = Vertx.vertx();
    db = GatewayDatabase.sqlite(data);
    keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    FolderDefinitions definitions = FolderDefinitions.open(vertx, apis, policies).await();
    Router root = Router.router(vertx);
    root.route("/v1/gateway/*").subRouter(ManagementApi.router(vertx, definitions, keys));
    server = vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    server.close().await();
    keys.close();
    db.close();
    vertx.close().await();
  }

  @Test
  void createdKey_isReturnedOnce_andNeverAppearsInListingsOrLogs() throws Exception {
    HttpResponse<String> created =
        send("POST", "/keys", "{\"policy\":\"standard\",\"alias\":\"shop\",\"expires\":\"30d\"}");

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject body = new JsonObject(created.body());
    String key = body.getString("key");
    String id = body.getString("id");
    assertThat(key).startsWith("kg_" + id + "_");
    assertThat(body.getString("alias")).isEqualTo("shop");
    assertThat(body.getString("policy")).isEqualTo("standard");
    assertThat(body.getString("expires")).isNotNull();
    assertThat(keys.verify(key).outcome()).isEqualTo(KeyVerification.Outcome.ACCEPTED);

    String secret = key.substring(key.indexOf('_', 3) + 1);
    HttpResponse<String> list = send("GET", "/keys", null);
    HttpResponse<String> one = send("GET", "/keys/" + id, null);
    HttpResponse<String> revoked = send("DELETE", "/keys/" + id, null);
    assertThat(new JsonArray(list.body()).getJsonObject(0).getString("id")).isEqualTo(id);
    assertThat(new JsonObject(one.body()).containsKey("key")).isFalse();
    for (HttpResponse<String> r : java.util.List.of(list, one, revoked)) {
      assertThat(r.body()).doesNotContain(secret);
    }
    assertThat(logs.list).isNotEmpty();
    assertThat(logs.list)
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(secret));
  }

  @Test
  void revokingAKey_refusesItAtOnce_andShowsWhen() throws Exception {
    JsonObject created = new JsonObject(send("POST", "/keys", "{\"policy\":\"standard\"}").body());

    HttpResponse<String> revoked = send("DELETE", "/keys/" + created.getString("id"), null);

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(revoked.body()).getString("revoked")).isNotNull();
    assertThat(keys.verify(created.getString("key")).outcome())
        .isEqualTo(KeyVerification.Outcome.REVOKED);
  }

  @Test
  void unknownKeyId_is404KeyNotFound() throws Exception {
    assertError(
        send("GET", "/keys/nosuchkey", null),
        404,
        "KeyNotFound",
        "There is no API key with that id");
    assertError(
        send("DELETE", "/keys/nosuchkey", null),
        404,
        "KeyNotFound",
        "There is no API key with that id");
  }

  @Test
  void keyForAnUndefinedPolicy_is400UnknownPolicy() throws Exception {
    assertError(
        send("POST", "/keys", "{\"policy\":\"platinum\"}"),
        400,
        "UnknownPolicy",
        "Policy 'platinum' is not defined");
  }

  @Test
  void malformedCreateRequests_are400() throws Exception {
    assertError(
        send("POST", "/keys", "not json"),
        400,
        "BadRequest",
        "the body must be a JSON object such as {\"policy\":\"standard\"}");
    assertError(send("POST", "/keys", "{}"), 400, "BadRequest", "'policy' is required");
    assertError(
        send("POST", "/keys", "{\"policy\":\"standard\",\"expires\":\"soon\"}"),
        400,
        "BadRequest",
        "'expires': 'soon' is not a duration; write a number and a unit: 250ms, 5s, 1m, 1h, 30d");
    assertError(
        send("POST", "/keys", "{\"policy\":\"standard\",\"expires\":\"999999999999d\"}"),
        400,
        "BadRequest",
        "'expires': must be at most 3650d (ten years) from now");
    assertError(
        send("POST", "/keys", "{\"policy\":\"standard\",\"expires\":\"9999-12-31T00:00:00Z\"}"),
        400,
        "BadRequest",
        "'expires': must be at most 3650d (ten years) from now");
    assertError(
        send("POST", "/keys", "{\"policy\":\"standard\",\"expire\":\"30d\"}"),
        400,
        "BadRequest",
        "unknown field 'expire'; the fields are [alias, expires, policy]");
    assertError(
        send("POST", "/keys", "{\"policy\":\"standard\",\"alias\":\"bad alias!\"}"),
        400,
        "BadRequest",
        "alias must be 1-100 letters, digits, '.', '_', '@', ':' or '-'");
  }

  @Test
  void apisAndPolicies_areListedAndShownByName() throws Exception {
    assertThat(
            new JsonObject(send("GET", "/apis", null).body())
                .getJsonObject("orders")
                .getString("name"))
        .isEqualTo("orders");
    JsonObject policy = new JsonObject(send("GET", "/policies/standard", null).body());
    assertThat(policy.getJsonObject("rate").getLong("requests")).isEqualTo(100L);
    assertThat(policy.getJsonObject("quota").getString("per")).isEqualTo("30d");
    assertError(send("GET", "/apis/nope", null), 404, "ApiNotFound", "API 'nope' is not defined");
    assertError(
        send("GET", "/policies/nope", null), 404, "PolicyNotFound", "Policy 'nope' is not defined");
  }

  @Test
  void reload_picksUpANewPolicy_andReportsRefusedFiles() throws Exception {
    Files.writeString(data.resolve("policies/gold.yaml"), "name: gold\naccess: [orders]\n");
    Files.writeString(data.resolve("policies/broken.yaml"), "name: broken\naccess: []\n");

    HttpResponse<String> r = send("POST", "/reload", null);

    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getJsonArray("policies").getList()).containsExactly("gold", "standard");
    assertThat(body.getJsonArray("problems").getJsonObject(0).getString("file"))
        .contains("broken.yaml");
    assertThat(send("POST", "/keys", "{\"policy\":\"gold\"}").statusCode()).isEqualTo(201);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.actualPort() + "/v1/gateway" + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> r, int status, String code, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("message")).isEqualTo(message);
  }
}
