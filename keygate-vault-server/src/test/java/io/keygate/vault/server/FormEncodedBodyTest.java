package io.keygate.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code curl -d '{"value":"..."}'} sends JSON as {@code application/x-www-form-urlencoded}, and
 * Vert.x then runs Netty's form decoder over the body. Its failures (a field over 8 KiB, too many
 * '&', a '%' not followed by two hex digits) quote the raw body: they must be a 4xx JSON error, and
 * neither the answer nor the server log may contain the body (a secret value or client secret).
 */
class FormEncodedBodyTest {
  private static final String CANARY = "canary-form-5c1e";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String SECRET = "/v1/vaults/default/secrets/form-body";

  @TempDir static Path data;
  static RunningAdminServer api;
  static Vertx routerVertx;
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();

  @BeforeAll
  static void start() throws Exception {
    // A router that reads bodies for every method, as the gateway's management API does.
    routerVertx = Vertx.vertx();
    Router extra = Router.router(routerVertx);
    extra.route().handler(BodyHandler.create(false).setBodyLimit(16 * 1024));
    extra.get("/things").handler(ctx -> ctx.json(new JsonObject().put("things", 0)));
    api = new RunningAdminServer(data, extra);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
    routerVertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @BeforeEach
  void captureLogs() {
    LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %logger - %msg%n%ex");
    encoder.start();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(logged);
    appender.setImmediateFlush(true);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
  }

  @AfterEach
  void stopCapturing() {
    LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    appender.stop();
  }

  private RunningAdminServer.Answer send(
      String method, String path, String contentType, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(api.uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + api.token.reveal())
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response =
        api.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new RunningAdminServer.Answer(response.statusCode(), response.body(), response);
  }

  private void assertRefused(RunningAdminServer.Answer answer, int status, String code)
      throws Exception {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.errorCode()).isEqualTo(code);
    assertThat(answer.body()).doesNotContain(CANARY);
    assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain(CANARY);
  }

  @Test
  void smallJsonSentAsAForm_isStillServed() throws Exception {
    var answer = send("PUT", SECRET, FORM, "{\"value\":\"small\"}");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
  }

  @Test
  void formBodyWithAMalformedPercentEscape_isA400ThatQuotesNothing() throws Exception {
    var answer = send("PUT", SECRET, FORM, "{\"value\":\"50%zz-" + CANARY + "\"}");

    assertRefused(answer, 400, "BadParameter");
    assertThat(answer.errorMessage())
        .isEqualTo(
            "the body could not be read as form data (Content-Type: "
                + "application/x-www-form-urlencoded, what curl -d sends): percent-encode its"
                + " values, or send JSON with Content-Type: application/json");
  }

  @Test
  void formBodyOver8KiB_isA413ThatSaysToSendJson() throws Exception {
    var answer = send("PUT", SECRET, FORM, "{\"value\":\"" + CANARY + "x".repeat(9000) + "\"}");

    assertRefused(answer, 413, "RequestTooLarge");
    assertThat(answer.errorMessage())
        .isEqualTo(
            "a field of the body is over 8 KiB, too large to be read as form data (Content-Type: "
                + "application/x-www-form-urlencoded, what curl -d sends); send JSON with"
                + " Content-Type: application/json");
  }

  @Test
  void formBodyWithManyAmpersands_isA400() throws Exception {
    var answer = send("PUT", SECRET, FORM, "{\"value\":\"" + CANARY + "&x".repeat(300) + "\"}");

    assertRefused(answer, 400, "BadParameter");
  }

  @Test
  void multipartBodyThatIsNotMultipart_isA400() throws Exception {
    var answer =
        send("PUT", SECRET, "multipart/form-data; boundary=zz", "{\"value\":\"" + CANARY + "\"}");

    assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
    assertThat(answer.body()).doesNotContain(CANARY);
    assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain(CANARY);
  }

  @Test
  void getWithAFormContentType_isA400NotA500() throws Exception {
    var answer = send("GET", "/v1/extra/things", FORM, "");

    assertRefused(answer, 400, "BadParameter");
    assertThat(answer.errorMessage())
        .isEqualTo("a GET request cannot carry a form body; send it without one");
  }
}
