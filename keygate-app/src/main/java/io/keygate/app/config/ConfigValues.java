package io.keygate.app.config;

import io.keygate.app.cli.CliEnvironment;
import io.keygate.app.cli.TimeArgument;
import io.keygate.secrets.SecretValue;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Reading one value of keygate.yaml: each failure is a {@link ConfigException} naming the key, and
 * no message quotes a secret (secrets come only from environment variables and files).
 */
final class ConfigValues {
  private ConfigValues() {}

  /**
   * Runs {@code build}, turning its {@link IllegalArgumentException} into one naming {@code key}.
   */
  static <T> T guarded(String key, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ": " + e.getMessage());
    }
  }

  static String required(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(key + " is required");
    }
    return value;
  }

  static Path requiredPath(String key, Path value) {
    if (value == null) {
      throw new ConfigException(key + " is required");
    }
    return value;
  }

  static URI url(String key, String text) {
    required(key, text);
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new ConfigException(key + ": '" + text + "' is not a URL");
    }
  }

  static Duration duration(String key, String text, Duration fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      return TimeArgument.duration(key, text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  static Path readable(String key, Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    if (!Files.isReadable(absolute)) {
      throw new ConfigException(key + ": cannot read " + absolute);
    }
    return absolute;
  }

  static SecretValue envSecret(CliEnvironment environment, String key, String variable) {
    return environment
        .variable(variable)
        .filter(value -> !value.isBlank())
        .map(value -> SecretValue.of(value.strip()))
        .orElseThrow(
            () ->
                new ConfigException(
                    key + " names " + variable + ", which is not set in the environment"));
  }

  static SecretValue fileSecret(String key, Path path) {
    Path absolute = readable(key, path);
    try {
      String text = Files.readString(absolute).strip();
      if (text.isEmpty()) {
        throw new ConfigException(key + ": " + absolute + " is empty");
      }
      return SecretValue.of(text);
    } catch (IOException e) {
      throw new ConfigException(key + ": cannot read " + absolute);
    }
  }
}
