package io.keygate.app.vault;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code keygate vault ...}: vaults (namespaces) and the master key, through the admin API. */
@Command(
    name = "vault",
    mixinStandardHelpOptions = true,
    description = "List and create vaults (namespaces); rotate the master key.",
    subcommands = {
      ListVaultsCommand.class,
      CreateVaultCommand.class,
      RotateMasterKeyCommand.class,
    })
public final class VaultCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing vault command");
  }
}
