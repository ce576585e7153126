package io.keygate.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keygate.app.Main;
import io.keygate.app.RunningNode;
import io.keygate.app.cli.CliEnvironment;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keygate serve} as its own process: starts, serves the CLI, and stops on SIGTERM. */
class ServeProcessTest {
  private static final Pattern ADMIN =
      Pattern.compile("admin API: +https://127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path data;
  @TempDir Path logs;

  @Test
  void serveProcess_answersTheCliAndStopsGracefullyOnSigterm() throws Exception {
    Path log = logs.resolve("serve.log");
    Process serve = startServe(log);
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> !serve.isAlive() || ADMIN.matcher(Files.readString(log)).find());
      Matcher admin = ADMIN.matcher(Files.readString(log));
      assertThat(admin.find()).as(Files.readString(log)).isTrue();
      Map<String, String> env =
          Map.of(
              "KEYGATE_ADDR",
              "https://127.0.0.1:" + admin.group(1),
              "KEYGATE_DATA",
              data.toString());

      RunningNode.Run set = cli(env, "secret", "set", "in-child", "--value", "child value");
      RunningNode.Run get = cli(env, "secret", "get", "in-child");

      assertThat(set.exitCode()).as(set.toString()).isZero();
      assertThat(get.out()).isEqualTo("child value");
    } finally {
      serve.destroy();
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    String output = Files.readString(log);
    String token = Files.readString(data.resolve("admin-token"));
    assertThat(serve.exitValue()).isEqualTo(143);
    assertThat(output).contains("keygate stopping").contains("keygate stopped");
    assertThat(output).doesNotContain(token).doesNotContain("child value");
  }

  @Test
  void requestInFlightAtSigterm_finishes_andItsAccessLogLineIsWritten() throws Exception {
    // A slow upstream in this JVM: it answers 1.5 s after a request arrives.
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
    io.vertx.core.http.HttpServer upstream =
        vertx
            .createHttpServer()
            .requestHandler(
                r -> {
                  arrived.countDown();
                  vertx.setTimer(1500, t -> r.response().end("slow answer"));
                })
            .listen(0, "127.0.0.1")
            .await();
    Files.createDirectories(data.resolve("apis"));
    Files.writeString(
        data.resolve("apis/slow.yaml"),
        "name: slow\nlisten: { path: /slow/, strip: true }\n"
            + "upstream: { url: \"http://127.0.0.1:"
            + upstream.actualPort()
            + "\" }\nauth: { keyless: true }\npublic: true\n");
    Path log = logs.resolve("serve.log");
    Pattern gatewayPort = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    // The logging the product ships with, not the tests' logback-test.xml.
    Process serve = startServe(log, "-Dlogback.configurationFile=logback.xml");
    try (java.net.http.HttpClient client =
        java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .build()) {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> !serve.isAlive() || gatewayPort.matcher(Files.readString(log)).find());
      Matcher port = gatewayPort.matcher(Files.readString(log));
      assertThat(port.find()).as(Files.readString(log)).isTrue();
      var answer =
          client.sendAsync(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + port.group(1) + "/slow/inflight"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();

      serve.destroy();

      String body;
      try {
        body = answer.get(30, TimeUnit.SECONDS).body();
      } catch (java.util.concurrent.ExecutionException e) {
        serve.waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError("the request in flight failed: " + Files.readString(log), e);
      }
      assertThat(body).isEqualTo("slow answer");
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      serve.destroyForcibly();
      vertx.close().await();
    }
    String output = Files.readString(log);
    assertThat(output)
        .contains("\"path\":\"/slow/inflight\",\"status\":200")
        .contains("keygate stopped");
  }

  /** {@code keygate serve} on free ports in a JVM of its own, its output into {@code log}. */
  private Process startServe(Path log, String... jvmOptions) throws java.io.IOException {
    java.util.List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(java.util.List.of(jvmOptions));
    command.addAll(
        java.util.List.of(
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve",
            "--data",
            data.toString(),
            "--admin-listen",
            "127.0.0.1:0",
            "--listen",
            "127.0.0.1:0"));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("KEYGATE_MASTER_KEY");
    return builder.start();
  }

  private static RunningNode.Run cli(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            CliEnvironment.of(env, InputStream.nullInputStream()),
            new PrintWriter(out),
            new PrintWriter(err),
            args);
    return new RunningNode.Run(code, out.toString(), err.toString());
  }
}
