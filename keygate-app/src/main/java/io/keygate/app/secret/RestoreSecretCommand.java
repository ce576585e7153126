package io.keygate.app.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.app.cli.CliFailure;
import io.keygate.app.client.AdminClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a secret from a backup blob (from --file, or stdin), under its original name.",
      "Accepts the blob as printed by backup, or backup's --output json."
    })
final class RestoreSecretCommand extends SecretSubcommand {
  @Option(
      names = "--vault",
      paramLabel = "VAULT",
      description = "The vault to restore into (default: default).")
  String vault = SecretAddress.DEFAULT_VAULT;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description = "Read the blob from FILE, or from stdin when FILE is '-' (default: stdin).")
  String file;

  @Override
  public Integer call() {
    String blob = blob(read());
    AdminClient api = client.client();
    ObjectNode body = AdminClient.object();
    body.put("value", blob);
    JsonNode restored =
        api.post("/v1/vaults/" + AdminClient.segment(vault) + "/secrets/restore", body);
    if (client.json()) {
      printer().json(restored);
    } else {
      String id = restored.path("id").asText("");
      String[] parts = id.split("/");
      String name = parts.length >= 2 ? parts[parts.length - 2] : "?";
      printer().line("restored " + describe(vault + "/" + name, restored));
    }
    return 0;
  }

  private String read() {
    try {
      if (file == null || file.equals("-")) {
        InputStream in = client.environment().stdin();
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      }
      return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw CliFailure.usage("cannot read the backup: " + e.getMessage());
    }
  }

  private static String blob(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw CliFailure.usage("the backup is empty: give it with --file or on stdin");
    }
    if (trimmed.startsWith("{")) {
      try {
        JsonNode json = new ObjectMapper().readTree(trimmed);
        if (json.path("value").isTextual()) {
          return json.get("value").asText();
        }
      } catch (IOException e) {
        // Not backup's JSON output after all: let the server judge the text.
      }
      throw CliFailure.usage("the backup JSON has no string field 'value'");
    }
    return trimmed;
  }
}
