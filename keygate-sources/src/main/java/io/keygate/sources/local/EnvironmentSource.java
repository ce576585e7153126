package io.keygate.sources.local;

import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.embedded.JsonField;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code env://NAME}: the value of an environment variable of the Keygate process. For development
 * only: no RBAC (the API's access policy is all that gates a caller), no rotation, read with the
 * node's own rights; the pre-deploy check flags it under a production profile.
 *
 * <p>Guarantees: the version is a keyed hash prefix of the value ({@link LocalVersions}); an unset
 * variable is 404 {@code SecretNotFound} naming the variable; {@code #/field} reads a field of a
 * JSON value. The environment does not change while the process runs, so there are no events. Never
 * logs a value.
 */
public final class EnvironmentSource implements SecretSource {
  public static final String SCHEME = "env";
  private static final Logger log = LoggerFactory.getLogger(EnvironmentSource.class);

  private final Function<String, Optional<String>> environment;

  /** Reads {@code environment} (the process environment in production, a map in tests). */
  public EnvironmentSource(Function<String, Optional<String>> environment) {
    this.environment = environment;
    log.warn(
        "The env:// secret source is enabled: it is for development only (no RBAC, no rotation,"
            + " read with the node's own rights); do not use it in production");
  }

  /** Reads the process environment. */
  public static EnvironmentSource ofProcess() {
    return new EnvironmentSource(name -> Optional.ofNullable(System.getenv(name)));
  }

  @Override
  public CompletionStage<ResolvedSecret> resolve(SecretRef ref, Caller caller) {
    try {
      String text =
          environment
              .apply(ref.name())
              .orElseThrow(
                  () ->
                      new SecretAccessException(
                          404,
                          "SecretNotFound",
                          "environment variable " + ref.name() + " is not set on this node"));
      SecretValue value = SecretValue.of(text);
      String version = LocalVersions.of(value);
      SecretValue served =
          ref.field().isEmpty()
              ? value
              : JsonField.extract(value, ref.field().get(), "env://" + ref.name());
      return CompletableFuture.completedFuture(
          new ResolvedSecret(ref, served, version, Optional.empty()));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
