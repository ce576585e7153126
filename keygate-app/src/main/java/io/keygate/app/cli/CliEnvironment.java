package io.keygate.app.cli;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * What a command reads from outside its arguments: environment variables and standard input. Tests
 * pass their own; {@code main} passes the process's.
 */
public interface CliEnvironment {
  /** An environment variable, if set and not blank. */
  Optional<String> variable(String name);

  /** Standard input. */
  InputStream stdin();

  /** The process's environment and standard input. */
  static CliEnvironment system() {
    return of(System.getenv(), System.in);
  }

  static CliEnvironment of(Map<String, String> variables, InputStream stdin) {
    Map<String, String> copy = Map.copyOf(variables);
    return new CliEnvironment() {
      @Override
      public Optional<String> variable(String name) {
        return Optional.ofNullable(copy.get(name)).filter(value -> !value.isBlank());
      }

      @Override
      public InputStream stdin() {
        return stdin;
      }
    };
  }
}
