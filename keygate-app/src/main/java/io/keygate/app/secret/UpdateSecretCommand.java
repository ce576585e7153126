package io.keygate.app.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.app.cli.CliFailure;
import io.keygate.app.client.AdminClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    description = {
      "Change the attributes, content type or tags of a version (the current one unless"
          + " --version); never the value.",
      "Only the flags given change; --tag replaces all tags."
    })
final class UpdateSecretCommand extends SecretSubcommand {
  @Mixin SecretAddress address;

  @Option(names = "--version", paramLabel = "VERSION", description = "A version (32 hex).")
  String version;

  @ArgGroup(exclusive = false)
  AttributeOptions attributes = new AttributeOptions();

  @Override
  public Integer call() {
    if (!attributes.any()) {
      throw CliFailure.usage(
          "nothing to update: give --enabled, --expires, --not-before, --content-type or --tag");
    }
    AdminClient api = client.client();
    ObjectNode body = AdminClient.object();
    attributes.writeTo(body);
    String path = address.path() + (version == null ? "" : "/" + AdminClient.segment(version));
    JsonNode updated = api.patch(path, body);
    if (client.json()) {
      printer().json(updated);
    } else {
      printer().line("updated " + describe(address.display(), updated));
    }
    return 0;
  }
}
