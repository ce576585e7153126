package io.keygate.app.key;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code keygate key ...}: the gateway's API keys, through the admin API. */
@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    description = "Create, list, show and revoke gateway API keys through the admin API.",
    subcommands = {
      CreateKeyCommand.class,
      ListKeysCommand.class,
      ShowKeyCommand.class,
      RevokeKeyCommand.class,
    })
public final class KeyCommand implements Runnable {
  /** Where the management API mounts the keys. */
  static final String KEYS_PATH = "/v1/gateway/keys";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing key command");
  }
}
