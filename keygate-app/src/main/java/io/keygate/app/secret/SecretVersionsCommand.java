package io.keygate.app.secret;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.keygate.app.cli.Printer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "versions",
    mixinStandardHelpOptions = true,
    description = "List every version of a secret, oldest first (metadata only).")
final class SecretVersionsCommand extends SecretSubcommand {
  @Mixin SecretAddress address;

  @Override
  public Integer call() {
    ArrayNode items = ListSecretsCommand.collect(client.client(), address.path() + "/versions");
    if (client.json()) {
      printer().json(items);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("VERSION", "STATE", "CREATED", "NOT-BEFORE", "EXPIRES", "CONTENT-TYPE"));
    items.forEach(
        item ->
            rows.add(
                List.of(
                    version(item),
                    state(item),
                    Printer.time(item.path("attributes").get("created")),
                    Printer.time(item.path("attributes").get("nbf")),
                    Printer.time(item.path("attributes").get("exp")),
                    item.path("contentType").asText("-"))));
    printer().table(rows);
    return 0;
  }
}
