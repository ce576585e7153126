package io.keygate.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which files of a folder are definitions: regular {@code .yaml} / {@code .yml} files that are not
 * hidden (editors' swap and backup files start with a dot), in name order. The gateway's loader and
 * the pre-deploy check read exactly the same set.
 */
public final class DefinitionFiles {
  private DefinitionFiles() {}

  /** The definition files of {@code dir}, or none when it does not exist. */
  public static List<Path> in(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(
              f -> {
                String n = f.getFileName().toString();
                return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml"));
              })
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    }
  }
}
