package io.keygate.app.secret;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description = "Bring back a deleted secret with all its versions.")
final class RecoverSecretCommand extends SecretSubcommand {
  @Mixin SecretAddress address;

  @Override
  public Integer call() {
    JsonNode recovered = client.client().post(address.deletedPath() + "/recover", null);
    if (client.json()) {
      printer().json(recovered);
    } else {
      printer().line("recovered " + describe(address.display(), recovered));
    }
    return 0;
  }
}
