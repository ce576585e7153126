package io.keygate.app.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.app.cli.CliFailure;
import io.keygate.app.client.AdminClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Export a secret with all its versions as an opaque, encrypted blob (base64url).",
      "Only a vault with the same master key can restore it."
    })
final class BackupSecretCommand extends SecretSubcommand {
  @Mixin SecretAddress address;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the blob to FILE (created 0600) instead of stdout.")
  Path out;

  @Override
  public Integer call() {
    JsonNode backup = client.client().post(address.path() + "/backup", null);
    String blob = backup.path("value").asText();
    if (out != null) {
      write(out, blob);
      if (client.json()) {
        ObjectNode result = AdminClient.object();
        result.put("secret", address.display()).put("file", out.toString());
        printer().json(result);
      } else {
        printer().line("backed up " + address.display() + " to " + out);
      }
    } else if (client.json()) {
      printer().json(backup);
    } else {
      printer().line(blob);
    }
    return 0;
  }

  private static void write(Path file, String blob) {
    try {
      if (!Files.exists(file)
          && file.toAbsolutePath()
              .getFileSystem()
              .supportedFileAttributeViews()
              .contains("posix")) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(
          file,
          blob + "\n",
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new CliFailure(1, "cannot write " + file + ": " + e.getMessage());
    }
  }
}
