package io.keygate.app;

import io.keygate.app.cli.CliEnvironment;
import io.keygate.app.cli.ExitCodes;
import io.keygate.app.cli.FailureHandler;
import io.keygate.app.secret.SecretCommand;
import io.keygate.app.serve.ServeCommand;
import io.keygate.app.vault.VaultCommand;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code keygate} command. Subcommands are listed in the annotation below, one per line: add
 * yours there.
 */
@Command(
    name = "keygate",
    mixinStandardHelpOptions = true,
    versionProvider = KeygateVersion.class,
    description = "An API gateway with a built-in secrets vault.",
    subcommands = {
      ServeCommand.class,
      SecretCommand.class,
      VaultCommand.class,
      io.keygate.app.key.KeyCommand.class,
      io.keygate.app.role.RoleCommand.class,
      io.keygate.app.apps.AppCommand.class,
      io.keygate.app.audit.AuditCommand.class,
      io.keygate.app.check.CheckCommand.class,
      io.keygate.app.gateway.ApiCommand.class,
      io.keygate.app.demo.DemoCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Main implements Runnable {
  private final CliEnvironment environment;

  @Spec private CommandSpec spec;

  public Main(CliEnvironment environment) {
    this.environment = environment;
  }

  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = execute(CliEnvironment.system(), out, err, args);
    io.keygate.app.logging.Logging.stop();
    System.exit(code);
  }

  /** Runs {@code keygate args...} and returns its exit code (see {@link ExitCodes}). */
  public static int execute(
      CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
    return commandLine(environment).setOut(out).setErr(err).execute(args);
  }

  /** The command line, configured with the documented exit codes and failure output. */
  public static CommandLine commandLine(CliEnvironment environment) {
    return new CommandLine(new Main(environment))
        .setExecutionExceptionHandler(new FailureHandler())
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** The environment variables and standard input of this invocation. */
  public CliEnvironment environment() {
    return environment;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }
}
