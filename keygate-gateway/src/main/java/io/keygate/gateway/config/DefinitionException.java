package io.keygate.gateway.config;

import java.util.List;
import java.util.stream.Collectors;

/** A definition file that cannot be used; each problem names its file and line. */
public class DefinitionException extends Exception {
  private final List<DefinitionProblem> problems;

  public DefinitionException(List<DefinitionProblem> problems) {
    super(
        problems.stream().map(DefinitionProblem::toString).collect(Collectors.joining("\n")),
        null,
        false,
        false);
    this.problems = List.copyOf(problems);
  }

  public List<DefinitionProblem> problems() {
    return problems;
  }
}
