package io.keygate.app.key;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one key's metadata.")
final class ShowKeyCommand extends KeySubcommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The key's id.")
  String id;

  @Override
  public Integer call() {
    JsonNode key = client.client().get(keyPath(id));
    if (client.json()) {
      printer().json(key);
    } else {
      printer().table(List.of(HEADER, row(key)));
    }
    return 0;
  }
}
