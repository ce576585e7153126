package io.keygate.sources.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretRefs;
import io.keygate.secrets.SecretSource;
import java.util.List;
import java.util.concurrent.CompletionException;

/** Resolving a reference text through a source in a test, for a fixed gateway caller. */
public final class Resolutions {
  public static final Caller CALLER =
      new Caller(List.of("key:k1"), "node-a", "payments-api", "req-1");

  private Resolutions() {}

  /** The resolved secret; a refusal fails the test with its exception. */
  public static ResolvedSecret resolve(SecretSource source, String reference) {
    return source.resolve(SecretRefs.parse(reference), CALLER).toCompletableFuture().join();
  }

  /** The {@link SecretAccessException} the resolution fails with. */
  public static SecretAccessException refusal(SecretSource source, String reference) {
    Throwable thrown = catchThrowable(() -> resolve(source, reference));
    assertThat(thrown).isInstanceOf(CompletionException.class);
    assertThat(thrown.getCause()).isInstanceOf(SecretAccessException.class);
    return (SecretAccessException) thrown.getCause();
  }
}
