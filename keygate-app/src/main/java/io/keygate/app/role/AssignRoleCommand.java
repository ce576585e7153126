package io.keygate.app.role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.app.client.AdminClient;
import picocli.CommandLine.Command;

@Command(
    name = "assign",
    mixinStandardHelpOptions = true,
    description =
        "Grant ROLE on --scope to PRINCIPAL (assigning an existing grant changes nothing).")
final class AssignRoleCommand extends RoleSubcommand.Grant {
  @Override
  public Integer call() {
    ObjectNode body = AdminClient.object();
    body.put("principal", principal).put("role", role).put("scope", scope);
    JsonNode assigned = client.client().put(RoleCommand.PATH, body);
    if (client.json()) {
      printer().json(assigned);
    } else {
      printer()
          .line(
              "assigned "
                  + assigned.path("role").asText()
                  + " on "
                  + assigned.path("scope").asText()
                  + " to "
                  + assigned.path("principal").asText());
    }
    return 0;
  }
}
