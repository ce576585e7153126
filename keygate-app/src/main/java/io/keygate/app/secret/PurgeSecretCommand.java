package io.keygate.app.secret;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.app.client.AdminClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    description = "Remove a deleted secret for good. It must be deleted first.")
final class PurgeSecretCommand extends SecretSubcommand {
  @Mixin SecretAddress address;

  @Override
  public Integer call() {
    client.client().delete(address.deletedPath());
    if (client.json()) {
      ObjectNode result = AdminClient.object();
      result.put("purged", address.display());
      printer().json(result);
    } else {
      printer().line("purged " + address.display());
    }
    return 0;
  }
}
