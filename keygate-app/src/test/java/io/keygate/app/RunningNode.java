package io.keygate.app;

import io.keygate.app.cli.CliEnvironment;
import io.keygate.app.config.KeygateConfig;
import io.keygate.app.serve.KeygateNode;
import io.keygate.app.serve.ServeSettings;
import io.keygate.testfixtures.PinnedTls;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Keygate node started in process on 127.0.0.1 (admin port 0) with its data in a temporary
 * directory, and a way to run the {@code keygate} CLI against it with captured output.
 */
public final class RunningNode implements AutoCloseable {
  public final Path data;
  public final KeygateNode node;

  /** Every stdout and stderr text any CLI run produced, for canary checks. */
  public final List<String> transcript = new ArrayList<>();

  public RunningNode(Path data) {
    this(data, KeygateConfig.defaults(), Map.of());
  }

  /** A node configured by {@code config} and the given environment variables. */
  public RunningNode(Path data, KeygateConfig config, Map<String, String> variables) {
    this.data = data;
    ServeSettings settings =
        ServeSettings.resolve(
            config,
            new ServeSettings.Flags(data, "127.0.0.1:0", "127.0.0.1:0"),
            CliEnvironment.of(variables, InputStream.nullInputStream()));
    this.node = KeygateNode.start(settings);
  }

  public String address() {
    return "https://127.0.0.1:" + node.adminPort();
  }

  /** Runs {@code keygate args...} with the node's address in KEYGATE_ADDR and --data implied. */
  public Run cli(String stdin, String... args) {
    return cliWith(Map.of("KEYGATE_ADDR", address(), "KEYGATE_DATA", data.toString()), stdin, args);
  }

  /** Runs {@code keygate args...} with exactly the given environment variables. */
  public Run cliWith(Map<String, String> variables, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment environment =
        CliEnvironment.of(
            variables,
            new ByteArrayInputStream(
                (stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
    int code = Main.execute(environment, new PrintWriter(out), new PrintWriter(err), args);
    Run run = new Run(code, out.toString(), err.toString());
    transcript.add(run.out());
    transcript.add(run.err());
    return run;
  }

  /** Runs {@code keygate args...} with no environment and empty stdin, without a node. */
  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            CliEnvironment.of(Map.of(), InputStream.nullInputStream()),
            new PrintWriter(out),
            new PrintWriter(err),
            args);
    return new Run(code, out.toString(), err.toString());
  }

  @Override
  public void close() {
    node.close();
  }

  /** One CLI run: exit code, stdout, stderr. */
  public record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  /** TLS that trusts only this node's own admin certificate (the CLI's pinning, for tests). */
  public javax.net.ssl.SSLContext adminTls() throws Exception {
    return PinnedTls.trusting(
        data.resolve(io.keygate.vault.server.SelfSignedCertificate.CERTIFICATE_FILE));
  }

  /**
   * GETs {@code path} from the admin listener with the admin token, trusting only the node's own
   * certificate; returns the body (fails the test on a non-200).
   */
  public String adminGet(String path) throws Exception {
    String token = java.nio.file.Files.readString(data.resolve("admin-token")).strip();
    try (var http = java.net.http.HttpClient.newBuilder().sslContext(adminTls()).build()) {
      var response =
          http.send(
              java.net.http.HttpRequest.newBuilder(java.net.URI.create(address() + path))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError(
            "GET " + path + ": " + response.statusCode() + " " + response.body());
      }
      return response.body();
    }
  }
}
