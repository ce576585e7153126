package io.keygate.gateway.config;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The API and policy definitions in force, read-only. {@link #current()} is a cheap volatile read
 * that never blocks; a change replaces the whole {@link Definitions} at once. A file that fails
 * validation is refused and its previous version (if any) keeps serving.
 */
public interface DefinitionRegistry {
  /** The definitions in force now. */
  Definitions current();

  /**
   * Registers a listener called after each change, with the new definitions, on a worker thread.
   * Listeners must not block for long.
   */
  void onChange(Consumer<Definitions> listener);

  /** Re-reads both folders now; completes with the definitions in force afterwards. */
  Future<Definitions> reload();

  /** The problems of the files refused at the last reload, empty when every file is valid. */
  List<DefinitionProblem> problems();

  /** The folder of API definitions ({@code <name>.yaml} each). */
  Path apisDir();

  /** The folder of policy definitions ({@code <name>.yaml} each). */
  Path policiesDir();
}
