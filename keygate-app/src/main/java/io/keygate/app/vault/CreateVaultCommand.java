package io.keygate.app.vault;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.app.cli.ClientOptions;
import io.keygate.app.cli.Printer;
import io.keygate.app.client.AdminClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Create a vault (namespace); exit code 5 if it exists.")
final class CreateVaultCommand implements Callable<Integer> {
  @Mixin ClientOptions client;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "1-127 letters, digits and '-'.")
  String name;

  @Override
  public Integer call() {
    JsonNode vault = client.client().put("/v1/vaults/" + AdminClient.segment(name), null);
    Printer printer = new Printer(spec);
    if (client.json()) {
      printer.json(vault);
    } else {
      printer.line("created vault " + vault.path("name").asText(name));
    }
    return 0;
  }
}
