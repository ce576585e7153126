package io.keygate.app.apps;

import io.keygate.app.client.AdminClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "remove-credential",
    mixinStandardHelpOptions = true,
    description =
        "Remove one of an app's secrets or certificates (ids from `keygate app list -o json`).")
final class RemoveCredentialCommand extends AppSubcommand {
  @Parameters(index = "0", paramLabel = "CLIENT-ID", description = "The app's client id.")
  String clientId;

  @Parameters(index = "1", paramLabel = "CREDENTIAL-ID", description = "The credential's id.")
  String credentialId;

  @Override
  public Integer call() {
    client
        .client()
        .delete(
            AppCommand.PATH
                + "/"
                + AdminClient.segment(clientId)
                + "/credentials/"
                + AdminClient.segment(credentialId));
    if (client.json()) {
      printer().json(AdminClient.object().put("removed", credentialId));
    } else {
      printer().line("removed credential " + credentialId + " of app " + clientId);
    }
    return 0;
  }
}
