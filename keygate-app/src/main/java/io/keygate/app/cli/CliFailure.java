package io.keygate.app.cli;

/**
 * A command failed in a way the user can act on: the message is printed to stderr and the process
 * exits with {@link #exitCode()}. Messages never contain a secret value.
 */
public final class CliFailure extends RuntimeException {
  private final int exitCode;

  public CliFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  /** A usage error (exit code 2). */
  public static CliFailure usage(String message) {
    return new CliFailure(ExitCodes.USAGE, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
