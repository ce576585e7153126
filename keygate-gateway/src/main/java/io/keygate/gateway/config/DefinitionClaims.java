package io.keygate.gateway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which of several valid files that claim the same thing (an API name, a listen path, a
 * policy name) goes into force. What is already serving wins: an unchanged file first, then a
 * changed file (whose previous version keeps serving if its new one collides), then a new file.
 * Files are read in name order, so without this a new {@code aa.yaml} reusing a live API's listen
 * path would take that path over and knock the serving API out of the gateway.
 */
final class DefinitionClaims<T> {
  private static final Logger log = LoggerFactory.getLogger(DefinitionClaims.class);

  /** What a definition claims: keys that no other definition may hold at the same time. */
  interface Keys<T> {
    List<String> of(T definition);
  }

  /**
   * The refusal message for {@code definition}, whose {@code key} is held by {@code holder}, read
   * from {@code holderFile}.
   */
  interface Conflict<T> {
    String message(T definition, String key, T holder, Path holderFile);
  }

  private final Keys<T> keys;
  private final Conflict<T> conflict;

  DefinitionClaims(Keys<T> keys, Conflict<T> conflict) {
    this.keys = keys;
    this.conflict = conflict;
  }

  /**
   * The definitions that go into force, by file; each refused one is logged and added to {@code
   * refused}.
   *
   * @param candidates this reload's definitions by file (valid files, and the previous version of
   *     files that failed to parse)
   * @param previous the definitions in force until now, by file
   */
  Map<Path, T> resolve(
      Map<Path, T> candidates, Map<Path, T> previous, List<DefinitionProblem> refused) {
    List<Path> order = new ArrayList<>(candidates.keySet());
    Function<Path, Integer> rank =
        file ->
            !previous.containsKey(file)
                ? 2
                : Objects.equals(previous.get(file), candidates.get(file)) ? 0 : 1;
    order.sort(Comparator.comparing(rank).thenComparing(Comparator.naturalOrder()));
    Map<String, T> holders = new HashMap<>();
    Map<String, Path> holderFiles = new HashMap<>();
    Map<Path, T> accepted = new TreeMap<>();
    for (Path file : order) {
      T definition = candidates.get(file);
      String taken = firstTaken(definition, holders);
      if (taken == null) {
        claim(definition, file, holders, holderFiles);
        accepted.put(file, definition);
        continue;
      }
      T before = previous.get(file);
      boolean keepBefore = before != null && firstTaken(before, holders) == null;
      DefinitionProblem problem =
          new DefinitionProblem(
              file.toString(),
              0,
              0,
              conflict.message(definition, taken, holders.get(taken), holderFiles.get(taken)));
      refused.add(problem);
      log.warn(
          "Refused definition {}; {}",
          problem,
          keepBefore ? "its previous version keeps serving" : "it is not loaded");
      if (keepBefore) {
        claim(before, file, holders, holderFiles);
        accepted.put(file, before);
      }
    }
    return accepted;
  }

  private String firstTaken(T definition, Map<String, T> holders) {
    for (String key : keys.of(definition)) {
      if (holders.containsKey(key)) {
        return key;
      }
    }
    return null;
  }

  private void claim(
      T definition, Path file, Map<String, T> holders, Map<String, Path> holderFiles) {
    for (String key : keys.of(definition)) {
      holders.put(key, definition);
      holderFiles.put(key, file);
    }
  }
}
