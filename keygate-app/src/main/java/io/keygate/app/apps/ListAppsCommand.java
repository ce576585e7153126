package io.keygate.app.apps;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List apps and their credentials (secret hints, certificate thumbprints).")
final class ListAppsCommand extends AppSubcommand {
  @Override
  public Integer call() {
    JsonNode apps = client.client().get(AppCommand.PATH).path("value");
    if (client.json()) {
      printer().json(apps);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("CLIENT-ID", "NAME", "CREATED", "CREDENTIALS"));
    apps.forEach(app -> rows.add(row(app)));
    printer().table(rows);
    return 0;
  }
}
