package io.keygate.gateway.config;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Definitions read from two folders, one YAML file per API and per policy. Each reload validates
 * every file; a valid file replaces its previous version, an invalid one is refused with a log line
 * naming file and line while its previous version keeps serving. The result is swapped in whole.
 */
public final class FolderDefinitions implements DefinitionRegistry {
  private static final Logger log = LoggerFactory.getLogger(FolderDefinitions.class);
  private static final String NAME = "name\u0000";
  private static final DefinitionClaims<ApiDefinition> API_CLAIMS =
      new DefinitionClaims<>(
          api ->
              List.of(
                  NAME + api.name(),
                  "listen\u0000"
                      + (api.listen().host() == null
                          ? ""
                          : api.listen().host().toLowerCase(Locale.ROOT))
                      + api.listen().path()),
          (api, key, holder, holderFile) ->
              key.startsWith(NAME)
                  ? "API '" + api.name() + "' is already defined in " + holderFile
                  : "listen path '"
                      + api.listen().path()
                      + "' is already used by API '"
                      + holder.name()
                      + "'");
  private static final DefinitionClaims<PolicyDefinition> POLICY_CLAIMS =
      new DefinitionClaims<>(
          policy -> List.of(NAME + policy.name()),
          (policy, key, holder, holderFile) ->
              "policy '" + policy.name() + "' is already defined in " + holderFile);

  private final Vertx vertx;
  private final Path apisDir;
  private final Path policiesDir;
  private final ReferenceCheck references;
  private final List<Consumer<Definitions>> listeners = new CopyOnWriteArrayList<>();
  private volatile Definitions current = Definitions.EMPTY;
  private volatile List<DefinitionProblem> problems = List.of();
  private Map<Path, ApiDefinition> goodApis = Map.of();
  private Map<Path, PolicyDefinition> goodPolicies = Map.of();

  private FolderDefinitions(
      Vertx vertx, Path apisDir, Path policiesDir, ReferenceCheck references) {
    this.vertx = vertx;
    this.apisDir = apisDir;
    this.policiesDir = policiesDir;
    this.references = references;
  }

  /** Creates the folders if missing and loads them once, off the event loop. */
  public static Future<FolderDefinitions> open(Vertx vertx, Path apisDir, Path policiesDir) {
    return open(vertx, apisDir, policiesDir, ReferenceCheck.NONE);
  }

  /**
   * Like {@link #open(Vertx, Path, Path)}, refusing APIs whose secret references {@code references}
   * says can resolve for nobody.
   */
  public static Future<FolderDefinitions> open(
      Vertx vertx, Path apisDir, Path policiesDir, ReferenceCheck references) {
    FolderDefinitions definitions = new FolderDefinitions(vertx, apisDir, policiesDir, references);
    return vertx.executeBlocking(
        () -> {
          createFolder(apisDir, "the APIs folder");
          createFolder(policiesDir, "the policies folder");
          definitions.reloadNow();
          return definitions;
        });
  }

  /** The JDK's messages for these name only a path ("/srv/apis"): say what is wrong with it. */
  private static void createFolder(Path dir, String what) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(what + " " + dir + " cannot be created: " + e.getFile() + " is a file");
    } catch (AccessDeniedException e) {
      throw new IOException(
          what + " " + dir + " cannot be created: permission denied on " + e.getFile());
    } catch (FileSystemException e) {
      String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
      throw new IOException(what + " " + dir + " cannot be created: " + reason, e);
    }
  }

  @Override
  public Definitions current() {
    return current;
  }

  @Override
  public void onChange(Consumer<Definitions> listener) {
    listeners.add(listener);
  }

  @Override
  public Future<Definitions> reload() {
    return vertx.executeBlocking(this::reloadNow);
  }

  @Override
  public List<DefinitionProblem> problems() {
    return problems;
  }

  @Override
  public Path apisDir() {
    return apisDir;
  }

  @Override
  public Path policiesDir() {
    return policiesDir;
  }

  /** Blocking: reads both folders and swaps in the result if anything changed. */
  public synchronized Definitions reloadNow() throws IOException {
    List<DefinitionProblem> refused = new ArrayList<>();
    Map<Path, ApiDefinition> apis =
        read(apisDir, goodApis, file -> DefinitionParser.api(file, references), refused);
    Map<Path, PolicyDefinition> policies =
        read(policiesDir, goodPolicies, DefinitionParser::policy, refused);
    apis = API_CLAIMS.resolve(apis, goodApis, refused);
    policies = POLICY_CLAIMS.resolve(policies, goodPolicies, refused);
    Map<String, ApiDefinition> apisByName = new HashMap<>();
    apis.values().forEach(api -> apisByName.put(api.name(), api));
    Map<String, PolicyDefinition> policiesByName = new HashMap<>();
    policies.values().forEach(policy -> policiesByName.put(policy.name(), policy));
    goodApis = apis;
    goodPolicies = policies;
    problems = List.copyOf(refused);
    Definitions previous = current;
    if (previous.apis().equals(apisByName) && previous.policies().equals(policiesByName)) {
      return previous;
    }
    Definitions next = new Definitions(previous.generation() + 1, apisByName, policiesByName);
    current = next;
    log.info(
        "Definitions generation {}: {} APIs, {} policies",
        next.generation(),
        next.apis().size(),
        next.policies().size());
    for (Consumer<Definitions> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        log.error("A definitions listener failed", e);
      }
    }
    return next;
  }

  /** Reads one folder's definitions, by file; a refused file keeps its previous version. */
  private static <T> Map<Path, T> read(
      Path dir, Map<Path, T> good, Parser<T> parser, List<DefinitionProblem> refused)
      throws IOException {
    Map<Path, T> read = new TreeMap<>();
    if (vanished(dir, refused)) {
      read.putAll(good);
      return read;
    }
    for (Path file : DefinitionFiles.in(dir)) {
      try {
        read.put(file, parser.parse(file));
      } catch (DefinitionException e) {
        keepPrevious(file, good.get(file), read, e.problems(), refused);
      }
    }
    return read;
  }

  /** {@link DefinitionParser}'s reading of one kind of definition file. */
  private interface Parser<T> {
    T parse(Path file) throws DefinitionException;
  }

  /**
   * A folder that is gone (renamed during a deploy, an unmounted volume) is not an empty folder:
   * reading it as one would remove every API or policy it held at once.
   */
  private static boolean vanished(Path dir, List<DefinitionProblem> refused) {
    if (Files.isDirectory(dir)) {
      return false;
    }
    DefinitionProblem problem =
        new DefinitionProblem(
            dir.toString(),
            0,
            0,
            "the folder does not exist; the definitions read from it before keep serving");
    log.warn("Refused definitions folder {}", problem);
    refused.add(problem);
    return true;
  }

  private static <T> void keepPrevious(
      Path file,
      T previous,
      Map<Path, T> into,
      List<DefinitionProblem> problems,
      List<DefinitionProblem> refused) {
    refused.addAll(problems);
    for (DefinitionProblem problem : problems) {
      log.warn(
          "Refused definition {}; {}",
          problem,
          previous == null ? "it is not loaded" : "its previous version keeps serving");
    }
    if (previous != null) {
      into.put(file, previous);
    }
  }
}
