package io.keygate.app.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.app.cli.Printer;
import io.keygate.app.client.AdminClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description =
        "Create an API key carrying a policy. The key is printed once: only its hash is stored."
            + " Recorded in the vault's audit trail (id, alias, policy, expiry; never the key).")
final class CreateKeyCommand extends KeySubcommand {
  @Option(
      names = "--policy",
      required = true,
      paramLabel = "NAME",
      description = "The policy the key carries (access, rate limit, quota).")
  String policy;

  @Option(
      names = "--alias",
      paramLabel = "NAME",
      description = "A consumer name for logs and listings (default: the key's id).")
  String alias;

  @Option(
      names = "--expires",
      paramLabel = "WHEN",
      description = "Expiry: a duration from now (30d, 12h) or an RFC 3339 time (default: never).")
  String expires;

  @Override
  public Integer call() {
    ObjectNode body = AdminClient.object().put("policy", policy);
    if (alias != null) {
      body.put("alias", alias);
    }
    if (expires != null) {
      body.put("expires", expires);
    }
    JsonNode created = client.client().post(KeyCommand.KEYS_PATH, body);
    Printer out = printer();
    if (client.json()) {
      out.json(created);
      return 0;
    }
    out.line(created.path("key").asText());
    out.line("");
    out.line(
        "id "
            + text(created, "id")
            + ", alias "
            + text(created, "alias")
            + ", policy "
            + text(created, "policy")
            + ", expires "
            + text(created, "expires"));
    out.line("Store the key now: it cannot be shown again.");
    return 0;
  }
}
