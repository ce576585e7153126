package io.keygate.app.role;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code keygate role ...}: the vault's role assignments, through the admin API. */
@Command(
    name = "role",
    mixinStandardHelpOptions = true,
    description = "Assign, revoke and list vault roles (RBAC) through the admin API.",
    subcommands = {AssignRoleCommand.class, RevokeRoleCommand.class, ListRolesCommand.class})
public final class RoleCommand implements Runnable {
  /** Where the admin listener serves the role assignments. */
  static final String PATH = "/v1/rbac/assignments";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing role command");
  }
}
