package io.keygate.app.vault;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.app.cli.ClientOptions;
import io.keygate.app.cli.Printer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List the vaults.")
final class ListVaultsCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode vaults = client.client().get("/v1/vaults").path("value");
    Printer printer = new Printer(spec);
    if (client.json()) {
      printer.json(vaults);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("NAME", "CREATED"));
    vaults.forEach(
        vault ->
            rows.add(List.of(vault.path("name").asText(), Printer.time(vault.get("created")))));
    printer.table(rows);
    return 0;
  }
}
