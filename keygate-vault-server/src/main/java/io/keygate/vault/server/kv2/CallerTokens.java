package io.keygate.vault.server.kv2;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Validates tokens other than the admin token (Keygate-issued tokens of {@code app:} principals,
 * say) for the KV v2 API.
 */
@FunctionalInterface
public interface CallerTokens {
  /** Accepts no token: only the admin token works. */
  CallerTokens NONE = token -> Future.succeededFuture(Optional.empty());

  /**
   * The principals {@code token} stands for, most specific first, or empty when it is not valid
   * (unknown, expired, wrong audience). Never blocks the calling event loop.
   */
  Future<Optional<List<String>>> principals(String token);
}
