package io.keygate.app.apps;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code keygate app ...}: apps (principals {@code app:<client-id>}) that get tokens from Keygate's
 * token endpoint, through the admin API.
 */
@Command(
    name = "app",
    mixinStandardHelpOptions = true,
    description =
        "Register, list and delete apps: principals app:<client-id> that get tokens from Keygate's"
            + " token endpoint with a client secret or certificate (see docs/AZURE-SDK.md).",
    subcommands = {
      CreateAppCommand.class,
      ListAppsCommand.class,
      DeleteAppCommand.class,
      AddSecretCommand.class,
      RemoveCredentialCommand.class
    })
public final class AppCommand implements Runnable {
  /** Where the admin listener serves apps. */
  static final String PATH = "/v1/apps";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing app command");
  }
}
