package io.keygate.app.cli;

/**
 * The exit codes of every {@code keygate} command, for scripts. docs/CLI.md documents them; do not
 * renumber.
 */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** Any other failure (including a server-side error). */
  public static final int GENERIC = 1;

  /** Bad usage: unknown option, missing argument, invalid value (also a 400 from the API). */
  public static final int USAGE = 2;

  /** The secret, version or vault does not exist (404). */
  public static final int NOT_FOUND = 3;

  /**
   * Not allowed: missing or wrong admin token (401), or forbidden (403, e.g. a disabled or expired
   * version).
   */
  public static final int FORBIDDEN = 4;

  /** Conflict (409), e.g. the name is deleted but recoverable, or the vault exists. */
  public static final int CONFLICT = 5;

  /** Cannot connect to the admin API (refused, timeout, TLS failure). */
  public static final int UNAVAILABLE = 6;

  private ExitCodes() {}

  /** The exit code for an HTTP error status of the admin API. */
  public static int forStatus(int status) {
    return switch (status) {
      case 400, 413, 415 -> USAGE;
      case 401, 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 409 -> CONFLICT;
      case 502, 503, 504 -> UNAVAILABLE;
      default -> GENERIC;
    };
  }
}
