package io.keygate.app.key;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description =
        "Revoke an API key: refused from now on (at once on the node that serves it). Recorded"
            + " in the vault's audit trail (keygate audit list).")
final class RevokeKeyCommand extends KeySubcommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The key's id.")
  String id;

  @Override
  public Integer call() {
    JsonNode revoked = client.client().delete(keyPath(id));
    if (client.json()) {
      printer().json(revoked);
    } else {
      printer().line("revoked key " + text(revoked, "id") + " at " + text(revoked, "revoked"));
    }
    return 0;
  }
}
