package io.keygate.gateway.config;

/**
 * Why a definition file was refused, located in the file where possible.
 *
 * @param file the file as the user named it
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param message what is wrong and what is expected
 */
public record DefinitionProblem(String file, int line, int column, String message) {
  /** {@code file:line:column: message}, the form editors and CI logs link to. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(file);
    if (line > 0) {
      s.append(':').append(line);
      if (column > 0) {
        s.append(':').append(column);
      }
    }
    return s.append(": ").append(message).toString();
  }
}
