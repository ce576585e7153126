package io.keygate.app.secret;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.app.cli.CliFailure;
import io.keygate.app.client.AdminClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Print a secret's value (the current version, or --version), exactly, with no newline added.",
      "With --output json: the value and its metadata. With --deleted: a deleted secret's"
          + " metadata."
    })
final class GetSecretCommand extends SecretSubcommand {
  @Mixin SecretAddress address;

  @Option(names = "--version", paramLabel = "VERSION", description = "A version (32 hex).")
  String version;

  @Option(names = "--deleted", description = "Show a deleted secret's metadata (no value).")
  boolean deleted;

  @Override
  public Integer call() {
    AdminClient api = client.client();
    if (deleted) {
      if (version != null) {
        throw CliFailure.usage("--deleted and --version cannot be combined");
      }
      JsonNode secret = api.get(address.deletedPath());
      if (client.json()) {
        printer().json(secret);
      } else {
        printer().line(DeleteSecretCommand.describeDeleted(address.display(), secret));
      }
      return 0;
    }
    String path = address.path() + (version == null ? "" : "/" + AdminClient.segment(version));
    JsonNode secret = api.get(path);
    if (client.json()) {
      printer().json(secret);
    } else {
      printer().raw(secret.path("value").asText());
    }
    return 0;
  }
}
