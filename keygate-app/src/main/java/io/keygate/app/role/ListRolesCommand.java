package io.keygate.app.role;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List role assignments, optionally one principal's or one scope's.")
final class ListRolesCommand extends RoleSubcommand {
  @Option(names = "--principal", paramLabel = "PRINCIPAL", description = "Only this principal's.")
  String principal;

  @Option(names = "--scope", paramLabel = "SCOPE", description = "Only this exact scope's.")
  String scope;

  @Override
  public Integer call() {
    List<String> filters = new ArrayList<>();
    if (principal != null) {
      filters.add(query("principal", principal));
    }
    if (scope != null) {
      filters.add(query("scope", scope));
    }
    String path = RoleCommand.PATH + (filters.isEmpty() ? "" : "?" + String.join("&", filters));
    JsonNode assignments = client.client().get(path).path("value");
    if (client.json()) {
      printer().json(assignments);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("PRINCIPAL", "ROLE", "SCOPE", "CREATED", "CREATED-BY"));
    assignments.forEach(a -> rows.add(row(a)));
    printer().table(rows);
    return 0;
  }
}
