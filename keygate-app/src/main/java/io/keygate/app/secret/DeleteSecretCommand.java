package io.keygate.app.secret;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.app.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description =
        "Delete a secret (all versions), recoverably until its purge date; see recover and purge.")
final class DeleteSecretCommand extends SecretSubcommand {
  @Mixin SecretAddress address;

  @Override
  public Integer call() {
    JsonNode deleted = client.client().delete(address.path());
    if (client.json()) {
      printer().json(deleted);
    } else {
      printer().line(describeDeleted(address.display(), deleted));
    }
    return 0;
  }

  static String describeDeleted(String address, JsonNode deleted) {
    return "deleted "
        + address
        + " at "
        + Printer.time(deleted.get("deletedDate"))
        + "; recoverable until "
        + Printer.time(deleted.get("scheduledPurgeDate"))
        + " (keygate secret recover "
        + address
        + ")";
  }
}
