package io.keygate.app.key;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List API keys (metadata only: keys themselves are never stored).")
final class ListKeysCommand extends KeySubcommand {
  @Override
  public Integer call() {
    JsonNode keys = client.client().get(KeyCommand.KEYS_PATH);
    if (client.json()) {
      printer().json(keys);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    keys.forEach(key -> rows.add(row(key)));
    printer().table(rows);
    return 0;
  }
}
