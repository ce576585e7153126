package io.keygate.app.apps;

import io.keygate.app.client.AdminClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = "Delete an app: its credentials and every token issued to it stop working now.")
final class DeleteAppCommand extends AppSubcommand {
  @Parameters(index = "0", paramLabel = "CLIENT-ID", description = "The app's client id.")
  String clientId;

  @Override
  public Integer call() {
    client.client().delete(AppCommand.PATH + "/" + AdminClient.segment(clientId));
    if (!client.json()) {
      printer().line("deleted app " + clientId);
    } else {
      printer().json(AdminClient.object().put("deleted", clientId));
    }
    return 0;
  }
}
