package io.keygate.app.gateway;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code keygate api ...}: work with API and policy definition files. */
@Command(
    name = "api",
    mixinStandardHelpOptions = true,
    description = "Work with API and policy definition files.",
    subcommands = {ValidateCommand.class})
public final class ApiCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing api command");
  }
}
