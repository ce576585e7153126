package io.keygate.app.apps;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.app.cli.ClientOptions;
import io.keygate.app.cli.Printer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every {@code keygate app ...} command shares: client options and printing. */
abstract class AppSubcommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Spec CommandSpec spec;

  Printer printer() {
    return new Printer(spec);
  }

  /** A table row: client id, name, credentials (secret hints and certificate thumbprints). */
  static List<String> row(JsonNode app) {
    List<String> credentials = new ArrayList<>();
    for (JsonNode credential : app.path("credentials")) {
      credentials.add(
          credential.path("type").asText()
              + ":"
              + (credential.has("hint")
                  ? credential.path("hint").asText() + "..."
                  : credential.path("thumbprintSha256").asText().substring(0, 16)));
    }
    return List.of(
        app.path("clientId").asText(),
        app.path("displayName").asText(),
        Printer.time(app.path("created")),
        credentials.isEmpty() ? "-" : String.join(" ", credentials));
  }
}
