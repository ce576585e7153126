package io.keygate.app.gateway;

import io.keygate.app.cli.ExitCodes;
import io.keygate.gateway.config.ApiDefinition;
import io.keygate.gateway.config.DefinitionException;
import io.keygate.gateway.config.DefinitionFiles;
import io.keygate.gateway.config.DefinitionParser;
import io.keygate.gateway.config.DefinitionProblem;
import io.keygate.gateway.config.PolicyDefinition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keygate api validate FILE|DIR}: the gateway's own validation, offline. A folder with
 * {@code apis/} and {@code policies/} is read as a data folder; any other folder, or a file, is
 * read file by file, each judged an API or a policy by its top-level fields.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate API and policy definitions offline, with the checks the gateway applies on load.",
      "Exit 0 when every file is valid; 1 with one 'file:line:column: message' per problem."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "FILE|DIR",
      arity = "1..*",
      description =
          "Definition files, or folders of them (or a data folder with apis/, policies/).")
  List<Path> paths;

  private final List<DefinitionProblem> problems = new ArrayList<>();
  private final Map<String, String> apiNames = new HashMap<>();
  private final Map<String, String> listens = new HashMap<>();
  private final Map<String, String> policyNames = new HashMap<>();
  private final Set<Path> seen = new HashSet<>();
  private int valid;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (Path path : paths) {
      String unusable = unusable(path);
      if (unusable != null) {
        err.println(path + ": " + unusable);
        err.flush();
        return ExitCodes.USAGE;
      }
    }
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        Path apis = path.resolve("apis");
        Path policies = path.resolve("policies");
        if (isDataFolder(path)) {
          folder(apis, DefinitionParser.Kind.API);
          folder(policies, DefinitionParser.Kind.POLICY);
        } else {
          folder(path, null);
        }
      } else {
        file(path, null);
      }
    }
    problems.forEach(err::println);
    out.println(
        valid
            + " valid, "
            + problems.stream().map(DefinitionProblem::file).distinct().count()
            + " refused");
    err.flush();
    out.flush();
    return problems.isEmpty() ? ExitCodes.OK : ExitCodes.GENERIC;
  }

  /**
   * Why {@code path} cannot be validated, or null. A folder without a single definition file is
   * refused: a CI step pointed at the wrong folder must fail, not pass by validating nothing.
   */
  private static String unusable(Path path) throws IOException {
    if (!Files.exists(path)) {
      return "no such file or folder";
    }
    if (!Files.isDirectory(path)) {
      return null;
    }
    boolean none =
        isDataFolder(path)
            ? DefinitionFiles.in(path.resolve("apis")).isEmpty()
                && DefinitionFiles.in(path.resolve("policies")).isEmpty()
            : DefinitionFiles.in(path).isEmpty();
    return none ? "no definition files (*.yaml, *.yml) to validate" : null;
  }

  private static boolean isDataFolder(Path dir) {
    return Files.isDirectory(dir.resolve("apis")) || Files.isDirectory(dir.resolve("policies"));
  }

  private void folder(Path dir, DefinitionParser.Kind kind) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    // Exactly the files the gateway loads (regular, not hidden, .yaml/.yml): a sub-folder or a
    // dangling link named x.yaml is skipped by the gateway, so it is not a refusal here either.
    List<Path> files = DefinitionFiles.in(dir);
    for (Path f : files) {
      file(f, kind);
    }
  }

  private void file(Path file, DefinitionParser.Kind kind) {
    // A file named twice (`validate apis/a.yaml apis`, or a shell glob overlapping a folder) is
    // judged once: otherwise it collides with itself as a duplicate API or policy.
    if (!seen.add(file.toAbsolutePath().normalize())) {
      return;
    }
    try {
      DefinitionParser.Kind k = kind != null ? kind : DefinitionParser.kindOf(file);
      if (k == DefinitionParser.Kind.API) {
        api(file, DefinitionParser.api(file));
      } else {
        policy(file, DefinitionParser.policy(file));
      }
    } catch (DefinitionException e) {
      problems.addAll(e.problems());
    }
  }

  private void api(Path file, ApiDefinition api) {
    String listen =
        (api.listen().host() == null ? "" : api.listen().host().toLowerCase(Locale.ROOT))
            + api.listen().path();
    String sameName = apiNames.putIfAbsent(api.name(), file.toString());
    String sameListen = listens.putIfAbsent(listen, api.name());
    if (sameName != null) {
      refuse(file, "API '" + api.name() + "' is already defined in " + sameName);
    } else if (sameListen != null) {
      refuse(
          file,
          "listen path '" + api.listen().path() + "' is already used by API '" + sameListen + "'");
    } else {
      valid++;
    }
  }

  private void policy(Path file, PolicyDefinition policy) {
    String sameName = policyNames.putIfAbsent(policy.name(), file.toString());
    if (sameName != null) {
      refuse(file, "policy '" + policy.name() + "' is already defined in " + sameName);
    } else {
      valid++;
    }
  }

  private void refuse(Path file, String message) {
    problems.add(new DefinitionProblem(file.toString(), 0, 0, message));
  }
}
