package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ambiguous paths are refused before routing; the rest reach the upstream normalized. */
class PathSafetyTest {
  static Vertx vertx;
  static TestUpstream upstream;
  static TestUpstream admin;
  static GatewayHarness gw;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    upstream = TestUpstream.start(vertx, "public");
    admin = TestUpstream.start(vertx, "admin");
    gw =
        GatewayHarness.start(
            vertx,
            Map.of(
                "echo.yaml",
                    GatewayHarness.keylessApi("echo", "/echo/", upstream.url() + "/base", ""),
                "admin.yaml", GatewayHarness.keylessApi("admin", "/admin/", admin.url(), "")));
  }

  @AfterAll
  static void stop() {
    gw.close();
    vertx.close().await();
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/echo/bad%2Fslash | the path contains an encoded slash or backslash (%2F, %5C)",
        "/echo/bad%2fslash | the path contains an encoded slash or backslash (%2F, %5C)",
        "/echo/bad%5Cback | the path contains an encoded slash or backslash (%2F, %5C)",
        "/echo/bad\\back | the path contains a backslash",
        "/echo/bad%00nul | the path contains an encoded NUL (%00)",
        "/echo/bad%zzesc | the path contains a malformed percent-escape",
        "/echo/bad/../../admin/x | the path climbs out of its API's listen path with '..'",
        "/echo/../admin/bad | the path climbs out of its API's listen path with '..'",
        "/echo/%2e%2e/admin/bad | the path climbs out of its API's listen path with '..'",
        "/echo/%2E%2E/%2E%2E/bad | the path climbs above the root with '..'",
        "/../bad/etc/passwd | the path climbs above the root with '..'",
        "/echo/archive/..;/bad | the path has a '.' or '..' segment with parameters (';'), read as"
            + " a dot segment by some servers",
        "/echo/%2e%2e;x/bad | the path has a '.' or '..' segment with parameters (';'), read as a"
            + " dot segment by some servers",
        "/echo/.;/bad | the path has a '.' or '..' segment with parameters (';'), read as a dot"
            + " segment by some servers",
      })
  void ambiguousPath_isRefusedWith400_andNeverForwarded(String path, String message) {
    String answer = gw.raw("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400 Bad Request");
    assertThat(answer)
        .endsWith(
            "{\"error\":{\"code\":\"BadPath\",\"message\":\""
                + message.replace("\\", "\\\\")
                + "\"}}");
    assertThat(upstream.seen).noneMatch(s -> s.contains("bad"));
    assertThat(admin.seen).noneMatch(s -> s.contains("bad"));
  }

  @ParameterizedTest(name = "{0} is forwarded as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "//echo//a///b | /base/a/b",
        "/echo/./a/./b/. | /base/a/b/",
        "/echo/a/../b | /base/b",
        "/echo/%61%62c | /base/abc",
        "/echo/a%20b%2a | /base/a%20b%2A",
        "/echo/a?x=%2F&y=.. | /base/a?x=%2F&y=..",
      })
  void equivalentPath_isForwardedInItsNormalForm(String path, String forwarded) {
    String answer = gw.raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200");
    JsonObject echo = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(echo.getString("uri")).isEqualTo(forwarded);
  }

  @org.junit.jupiter.api.Test
  void rawNulInTheRequestLine_isRefused() {
    String answer = gw.raw("GET /echo/bad\u0000nul HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(upstream.seen).noneMatch(s -> s.contains("bad"));
  }
}
