package io.keygate.app.secret;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code keygate secret ...}: secrets in the vault, through the admin API. */
@Command(
    name = "secret",
    mixinStandardHelpOptions = true,
    description = "Set, read and manage secrets through the admin API.",
    subcommands = {
      SetSecretCommand.class,
      GetSecretCommand.class,
      ListSecretsCommand.class,
      SecretVersionsCommand.class,
      UpdateSecretCommand.class,
      DeleteSecretCommand.class,
      RecoverSecretCommand.class,
      PurgeSecretCommand.class,
      BackupSecretCommand.class,
      RestoreSecretCommand.class,
      io.keygate.app.rotation.RotationCommands.Policy.class,
      io.keygate.app.rotation.RotationCommands.Rotate.class,
    })
public final class SecretCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing secret command");
  }
}
