package io.keygate.app.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.app.client.AdminClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "set",
    mixinStandardHelpOptions = true,
    description = {
      "Store a new version of a secret and make it current.",
      "The value comes from --value, --file, or stdin (byte for byte)."
    })
final class SetSecretCommand extends SecretSubcommand {
  @Mixin SecretAddress address;

  @ArgGroup(exclusive = false)
  ValueInput input = new ValueInput();

  @ArgGroup(exclusive = false)
  AttributeOptions attributes = new AttributeOptions();

  @Override
  public Integer call() {
    AdminClient api = client.client();
    ObjectNode body = AdminClient.object();
    attributes.writeTo(body);
    body.put("value", input.read(client.environment().stdin()));
    JsonNode version = api.put(address.path(), body);
    if (client.json()) {
      printer().json(version);
    } else {
      printer().line("set " + describe(address.display(), version));
    }
    return 0;
  }
}
