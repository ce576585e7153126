package io.keygate.app.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.app.cli.TimeArgument;
import io.keygate.app.client.AdminClient;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "add-secret",
    mixinStandardHelpOptions = true,
    description =
        "Give an app another client secret (printed once), to roll secrets: add the new one, roll"
            + " it out, then remove the old one with `keygate app remove-credential`.")
final class AddSecretCommand extends AppSubcommand {
  @Parameters(index = "0", paramLabel = "CLIENT-ID", description = "The app's client id.")
  String clientId;

  @Option(
      names = "--expires",
      paramLabel = "WHEN",
      description = "A duration from now (90d) or an RFC 3339 time (default: never).")
  String expires;

  @Override
  public Integer call() {
    ObjectNode body = AdminClient.object();
    if (expires != null) {
      body.put("expires", TimeArgument.parse("--expires", expires, Instant.now()).getEpochSecond());
    }
    JsonNode answer =
        client
            .client()
            .post(AppCommand.PATH + "/" + AdminClient.segment(clientId) + "/secrets", body);
    if (client.json()) {
      printer().json(answer);
      return 0;
    }
    printer().line("client secret: " + answer.path("clientSecret").asText());
    printer().line("");
    printer().line("Store the client secret now: it cannot be shown again.");
    return 0;
  }
}
