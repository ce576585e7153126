package io.keygate.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.Main;
import io.keygate.app.cli.CliEnvironment;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code keygate check --format json} run in process over a repository folder ({@code apis/},
 * {@code policies/}), as the source tests run it: whatever else they pass, the canary value they
 * planted in a source must appear in neither output.
 */
final class CheckRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CheckRun() {}

  /** The exit code and both outputs of one run. */
  record Outcome(int code, String out, String err) {
    /** The JSON report's findings, each as {@code "<rule> <line> <message>"}, in report order. */
    List<String> findings() throws Exception {
      List<String> lines = new ArrayList<>();
      for (JsonNode f : JSON.readTree(out).path("findings")) {
        lines.add(
            f.path("rule").asText()
                + " "
                + f.path("line").asInt()
                + " "
                + f.path("message").asText());
      }
      return lines;
    }
  }

  /**
   * Runs the check over {@code repo} with {@code variables} as the environment, plus {@code extra}.
   */
  static Outcome check(Path repo, String canary, Map<String, String> variables, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "check",
                "--apis",
                repo.resolve("apis").toString(),
                "--policies",
                repo.resolve("policies").toString(),
                "--base",
                repo.toString(),
                "--format",
                "json"));
    args.addAll(List.of(extra));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            CliEnvironment.of(variables, InputStream.nullInputStream()),
            new PrintWriter(out),
            new PrintWriter(err),
            args.toArray(String[]::new));
    assertThat(out.toString() + err.toString()).doesNotContain(canary);
    return new Outcome(code, out.toString(), err.toString());
  }
}
