package io.keygate.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminServerTest {
  @TempDir static Path data;
  static RunningAdminServer api;

  @BeforeAll
  static void start() throws Exception {
    Router extra = Router.router(Vertx.vertx());
    extra.get("/ok").handler(ctx -> ctx.json(new io.vertx.core.json.JsonObject().put("ok", true)));
    extra
        .get("/refused")
        .handler(ctx -> ctx.fail(new ApiError(409, "Conflict", "the extra router refuses")));
    extra
        .get("/broken")
        .handler(
            ctx -> {
              throw new IllegalStateException("bug in a mounted router at /v1/extra/broken");
            });
    api = new RunningAdminServer(data, extra);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void healthEndpoints_answerWithoutAToken() throws Exception {
    var live = api.send("GET", "/health/live", null, null);
    var ready = api.send("GET", "/health/ready", null, null);

    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().path("status").asText()).isEqualTo("UP");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().path("status").asText()).isEqualTo("UP");
  }

  @Test
  void requestWithoutToken_isRefusedWith401() throws Exception {
    var answer = api.send("GET", "/v1/vaults", null, null);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.errorCode()).isEqualTo("Unauthorized");
    assertThat(answer.errorMessage())
        .isEqualTo("missing bearer token: send 'Authorization: Bearer <admin token>'");
    assertThat(answer.response().headers().firstValue("WWW-Authenticate")).contains("Bearer");
  }

  @Test
  void requestWithWrongToken_isRefusedWith401() throws Exception {
    var answer = api.send("GET", "/v1/vaults", null, "Bearer " + api.token.reveal() + "x");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.errorMessage()).isEqualTo("invalid bearer token");
  }

  @Test
  void requestWithAnotherScheme_isRefusedWith401() throws Exception {
    var answer = api.send("GET", "/v1/vaults", null, "Basic " + api.token.reveal());

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.errorMessage())
        .isEqualTo("the Authorization header must use the Bearer scheme");
  }

  @Test
  void unknownRouteWithToken_is404WithJson() throws Exception {
    var answer = api.call("GET", "/v1/nothing-here", null);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.errorCode()).isEqualTo("NotFound");
    assertThat(answer.errorMessage()).isEqualTo("no such endpoint: GET /v1/nothing-here");
  }

  @Test
  void unknownRouteWithoutToken_is401NotA404() throws Exception {
    var answer = api.send("GET", "/v1/nothing-here", null, null);

    assertThat(answer.status()).isEqualTo(401);
  }

  @Test
  void wrongMethodOnAKnownPath_is405WithJson() throws Exception {
    var answer = api.call("POST", "/v1/vaults/default/secrets/some-name", "{}");

    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.errorCode()).isEqualTo("MethodNotAllowed");
    assertThat(answer.errorMessage())
        .isEqualTo("method POST is not allowed on /v1/vaults/default/secrets/some-name");
  }

  @Test
  void mountedRouter_isServedBehindTheToken() throws Exception {
    assertThat(api.call("GET", "/v1/extra/ok", null).json().path("ok").asBoolean()).isTrue();
    assertThat(api.send("GET", "/v1/extra/ok", null, null).status()).isEqualTo(401);
  }

  @Test
  void mountedRoutersApiError_isWrittenAsJson() throws Exception {
    var answer = api.call("GET", "/v1/extra/refused", null);

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.errorCode()).isEqualTo("Conflict");
    assertThat(answer.errorMessage()).isEqualTo("the extra router refuses");
  }

  @Test
  void unexpectedException_isA500WithoutStackTrace() throws Exception {
    var answer = api.call("GET", "/v1/extra/broken", null);

    assertThat(answer.status()).isEqualTo(500);
    assertThat(answer.errorCode()).isEqualTo("InternalError");
    assertThat(answer.errorMessage()).isEqualTo("internal error; the server log has the details");
    assertThat(answer.body()).doesNotContain("IllegalStateException", "at io.", "bug in");
  }

  @Test
  void unknownRouteInAMountedRouter_is404() throws Exception {
    var answer = api.call("GET", "/v1/extra/nothing", null);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.errorCode()).isEqualTo("NotFound");
  }

  @Test
  void selfSignedCertificate_namesLoopbackAndKeepsItsKeyPrivate() throws Exception {
    X509Certificate certificate;
    try (InputStream in =
        Files.newInputStream(data.resolve(SelfSignedCertificate.CERTIFICATE_FILE))) {
      certificate =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }

    assertThat(certificate.getSubjectAlternativeNames())
        .extracting(name -> (Object) name.get(1))
        .containsExactlyInAnyOrder((Object) "127.0.0.1", "localhost");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve(SelfSignedCertificate.KEY_FILE))))
        .isEqualTo("rw-------");
  }

  @Test
  void secondLoad_reusesTheCertificateAndToken() throws Exception {
    byte[] before = Files.readAllBytes(data.resolve(SelfSignedCertificate.CERTIFICATE_FILE));

    var again = SelfSignedCertificate.loadOrGenerate(data, List.of());
    var token = AdminToken.loadOrCreate(data.resolve("admin-token"));

    assertThat(again.generated()).isFalse();
    assertThat(Files.readAllBytes(again.certificate())).isEqualTo(before);
    assertThat(token.created()).isFalse();
    assertThat(token.token().matches(api.token.reveal())).isTrue();
  }

  @Test
  void adminToken_isHighEntropyOwnerOnlyAndRedacted() throws Exception {
    Path file = data.resolve("admin-token");

    assertThat(Files.readString(file)).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(api.token.toString()).isEqualTo("[redacted]");
  }
}
