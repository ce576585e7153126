package io.keygate.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.keygate.app.Main;
import io.keygate.app.cli.CliEnvironment;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the demo and pastes the curl commands it prints into a shell, as a user would. */
class DemoCommandTest {
  @TempDir Path data;

  private static String shell(String command) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  @Test
  void printedCurlCommands_workWhenPasted() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is installed");
    StringWriter out = new StringWriter();
    CommandLine cli =
        Main.commandLine(CliEnvironment.of(Map.of(), new ByteArrayInputStream(new byte[0])))
            .setOut(new PrintWriter(out));
    cli.parseArgs(
        "demo",
        "--data",
        data.toString(),
        "--listen",
        "127.0.0.1:0",
        "--admin-listen",
        "127.0.0.1:0");
    DemoCommand demo = cli.getSubcommands().get("demo").getCommand();
    try (DemoCommand.Running running = demo.start()) {
      List<String> commands =
          out.toString()
              .lines()
              .map(String::strip)
              .filter(l -> l.startsWith("curl ") || l.startsWith("for "))
              .toList();
      assertThat(commands).hasSize(6);
      assertThat(shell(commands.get(0)))
          .contains("\"hello\" : \"from the Keygate demo upstream\"")
          // Read from the vault on the demo key's behalf and injected; the caller's key is not.
          .contains("\"x-upstream-token\" : \"demo-upstream-")
          .doesNotContain("authorization");
      assertThat(shell(commands.get(1))).startsWith("HTTP/1.1 401");
      assertThat(shell(commands.get(2))).contains("\"path\" : \"/anything?x=1\"");
      assertThat(shell(commands.get(3))).contains("200 ").contains("429");
      assertThat(shell(commands.get(4))).contains("\"code\":\"BadPath\"");
      assertThat(shell(commands.get(5))).contains("keygate_requests_seconds_count{api=\"demo\"");
      assertThat(out.toString()).doesNotContain("admin-token\n  ").contains("Press Ctrl-C");
      // The demo passes its own pre-deploy check: its secret expires and rotates on a schedule.
      StringWriter report = new StringWriter();
      int exit =
          Main.commandLine(CliEnvironment.of(Map.of(), new ByteArrayInputStream(new byte[0])))
              .setOut(new PrintWriter(report))
              .execute("check", "--data", data.toString());
      assertThat(report.toString()).contains("0 errors, 0 warnings");
      assertThat(exit).isZero();
      // The demo key's creation is in the vault's audit trail, like any other key's.
      StringWriter audit = new StringWriter();
      int listed =
          Main.commandLine(
                  CliEnvironment.of(
                      Map.of(
                          "KEYGATE_ADDR",
                          "https://127.0.0.1:" + running.node().adminPort(),
                          "KEYGATE_DATA",
                          data.toString()),
                      new ByteArrayInputStream(new byte[0])))
              .setOut(new PrintWriter(audit))
              .execute("audit", "list", "-o", "json");
      assertThat(listed).isZero();
      assertThat(audit.toString()).contains("CREATE_API_KEY").contains("alias=demo");
    }
  }
}
