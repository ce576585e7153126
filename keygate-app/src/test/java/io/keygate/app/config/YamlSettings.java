package io.keygate.app.config;

import io.keygate.app.cli.CliEnvironment;
import io.keygate.app.serve.ServeSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Resolves serve's settings from a keygate.yaml written into a test's folder. */
final class YamlSettings {
  private YamlSettings() {}

  /** With {@code --data dir} and no other flag, and no environment variables. */
  static ServeSettings resolve(Path dir, String yaml) throws Exception {
    return resolve(dir, yaml, new ServeSettings.Flags(dir, null, null));
  }

  static ServeSettings resolve(Path dir, String yaml, ServeSettings.Flags flags) throws Exception {
    Path file = dir.resolve("keygate.yaml");
    Files.writeString(file, yaml);
    return ServeSettings.resolve(
        ConfigLoader.load(file), flags, CliEnvironment.of(Map.of(), InputStream.nullInputStream()));
  }
}
