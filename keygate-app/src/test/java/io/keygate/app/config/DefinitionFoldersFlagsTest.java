package io.keygate.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.app.Main;
import io.keygate.app.cli.CliEnvironment;
import io.keygate.app.serve.ServeSettings;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --apis DIR --policies DIR}: the definition folders, over keygate.yaml's. */
class DefinitionFoldersFlagsTest {
  @TempDir Path dir;

  private ServeSettings settings(String yaml, Path apis, Path policies) throws Exception {
    return YamlSettings.resolve(
        dir, yaml, new ServeSettings.Flags(dir, null, null, apis, policies));
  }

  @Test
  void flags_winOverTheConfig() throws Exception {
    ServeSettings s =
        settings(
            "gateway:\n  apis: /etc/keygate/apis\n  policies: /etc/keygate/policies\n",
            dir.resolve("mine/apis"),
            dir.resolve("mine/policies"));

    assertThat(s.apis()).isEqualTo(dir.resolve("mine/apis"));
    assertThat(s.policies()).isEqualTo(dir.resolve("mine/policies"));
  }

  @Test
  void withoutFlags_theConfigThenTheDataFolderDecide() throws Exception {
    ServeSettings configured = settings("gateway:\n  apis: /etc/keygate/apis\n", null, null);

    assertThat(configured.apis()).isEqualTo(Path.of("/etc/keygate/apis"));
    assertThat(configured.policies()).isEqualTo(dir.toAbsolutePath().resolve("policies"));
  }

  @Test
  void serveHelp_namesTheFlags() {
    StringWriter out = new StringWriter();
    Main.execute(
        CliEnvironment.of(Map.of(), InputStream.nullInputStream()),
        new PrintWriter(out),
        new PrintWriter(new StringWriter()),
        "serve",
        "--help");

    assertThat(out.toString()).contains("--apis=DIR").contains("--policies=DIR");
  }
}
