package io.keygate.app.role;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.app.client.AdminClient;
import picocli.CommandLine.Command;

@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = "Remove the grant of ROLE on --scope from PRINCIPAL.")
final class RevokeRoleCommand extends RoleSubcommand.Grant {
  @Override
  public Integer call() {
    client
        .client()
        .delete(
            RoleCommand.PATH
                + "?"
                + query("principal", principal)
                + "&"
                + query("role", role)
                + "&"
                + query("scope", scope));
    if (client.json()) {
      ObjectNode revoked = AdminClient.object();
      revoked.put("principal", principal).put("role", role).put("scope", scope);
      printer().json(revoked);
    } else {
      printer().line("revoked " + role + " on " + scope + " from " + principal);
    }
    return 0;
  }
}
