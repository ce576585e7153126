package io.keygate.app.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.app.Main;
import io.keygate.app.cli.CliEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(
        CliEnvironment.of(Map.of(), new java.io.ByteArrayInputStream(new byte[0])),
        new PrintWriter(out),
        new PrintWriter(err),
        args);
  }

  @Test
  void validDataFolder_exitsZero() throws Exception {
    Files.createDirectories(dir.resolve("apis"));
    Files.createDirectories(dir.resolve("policies"));
    Files.writeString(
        dir.resolve("apis/orders.yaml"),
        "name: orders\nlisten: { path: /orders/ }\nupstream: { url: http://127.0.0.1:9000 }\n"
            + "auth: { apiKey: {} }\npolicy: gold\n");
    Files.writeString(dir.resolve("policies/gold.yaml"), "name: gold\naccess: [orders]\n");
    assertThat(run("api", "validate", dir.toString())).isZero();
    assertThat(out.toString()).isEqualTo("2 valid, 0 refused\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void invalidFile_exitsOne_withFileLineMessages() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("orders.yaml"),
            "name: orders\nlisten: { path: /orders/ }\nupstream: { url: http://127.0.0.1:9000, retry: 2 }\n"
                + "auth: { keyless: true }\n");
    assertThat(run("api", "validate", file.toString())).isEqualTo(1);
    assertThat(err.toString())
        .startsWith(file + ":3:")
        .contains(
            ": unknown field 'retry' in upstream; expected one of: ca, connectTimeout, readTimeout,"
                + " targets, url");
    assertThat(out.toString()).isEqualTo("0 valid, 1 refused\n");
  }

  @Test
  void duplicateNamesAcrossFiles_areRefused() throws Exception {
    String api =
        "name: orders\nlisten: { path: /orders/ }\nupstream: { url: http://h }\nauth: { keyless: true }\n";
    Files.writeString(dir.resolve("a.yaml"), api);
    Files.writeString(dir.resolve("b.yaml"), api);
    assertThat(run("api", "validate", dir.toString())).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            dir.resolve("b.yaml")
                + ": API 'orders' is already defined in "
                + dir.resolve("a.yaml")
                + "\n");
  }

  @Test
  void aFileNamedTwice_isJudgedOnce_notAsItsOwnDuplicate() throws Exception {
    Files.createDirectories(dir.resolve("apis"));
    Path file =
        Files.writeString(
            dir.resolve("apis/orders.yaml"),
            "name: orders\nlisten: { path: /orders/ }\nupstream: { url: http://h }\n"
                + "auth: { keyless: true }\n");
    assertThat(
            run(
                "api",
                "validate",
                file.toString(),
                dir.toString(),
                dir.resolve("apis/../apis/orders.yaml").toString()))
        .isZero();
    assertThat(out.toString()).isEqualTo("1 valid, 0 refused\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aFolderSkipsWhatTheGatewaySkips_subFoldersDanglingLinksAndHiddenFiles() throws Exception {
    Files.createDirectories(dir.resolve("apis/nested.yaml"));
    Files.createSymbolicLink(dir.resolve("apis/dangling.yaml"), dir.resolve("nowhere.yaml"));
    Files.writeString(dir.resolve("apis/.orders.yaml.swp"), "not: [yaml");
    Files.writeString(
        dir.resolve("apis/orders.yaml"),
        "name: orders\nlisten: { path: /orders/ }\nupstream: { url: http://h }\n"
            + "auth: { keyless: true }\n");
    assertThat(run("api", "validate", dir.toString())).isZero();
    assertThat(out.toString()).isEqualTo("1 valid, 0 refused\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aFolderWithoutDefinitionFiles_isAUsageError_notAGreenRun() throws Exception {
    // A CI step pointed at the wrong folder must not pass by validating nothing.
    Files.writeString(dir.resolve("orders.json"), "{}");
    Files.createDirectories(dir.resolve("apis"));

    assertThat(run("api", "validate", dir.toString())).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(dir + ": no definition files (*.yaml, *.yml) to validate\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aFileThatIsNotUtf8_saysSo() throws Exception {
    Path file = Files.write(dir.resolve("orders.yaml"), new byte[] {'n', ':', ' ', (byte) 0xff});

    assertThat(run("api", "validate", file.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(file + ": cannot read: the file is not UTF-8 text\n");
  }

  @Test
  void anEmptyFile_saysItIsEmpty() throws Exception {
    Path file = Files.writeString(dir.resolve("orders.yaml"), "# nothing yet\n");

    assertThat(run("api", "validate", file.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(file + ":2:1: the file is empty (or only comments)\n");
  }

  @Test
  void aPolicyWithAnEmptyAccessList_isRefusedAtThatList() throws Exception {
    Path file = Files.writeString(dir.resolve("gold.yaml"), "name: gold\naccess: []\n");

    assertThat(run("api", "validate", file.toString())).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            file + ":2:1: 'access' must list at least one API, for example access: [payments]\n");
  }

  @Test
  void missingPath_isAUsageError() {
    assertThat(run("api", "validate", dir.resolve("nope").toString())).isEqualTo(2);
  }
}
