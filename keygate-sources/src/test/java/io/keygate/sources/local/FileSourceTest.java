package io.keygate.sources.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRefs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file:// and env:// on real files and a given environment. */
class FileSourceTest {
  private static final Caller CALLER = new Caller(List.of("key:k1"), "node-a", "payments");

  @TempDir Path dir;
  private ExecutorService executor;
  private FileSource files;

  @BeforeEach
  void start() {
    executor = Executors.newVirtualThreadPerTaskExecutor();
    files = new FileSource(Duration.ofMillis(50), executor, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    files.close();
    executor.close();
  }

  private ResolvedSecret resolve(String reference) {
    return files.resolve(SecretRefs.parse(reference), CALLER).toCompletableFuture().join();
  }

  private SecretAccessException failure(String reference) {
    try {
      resolve(reference);
    } catch (CompletionException e) {
      return (SecretAccessException) e.getCause();
    }
    throw new AssertionError(reference + " did not fail");
  }

  @Test
  void oneTrailingNewline_isTrimmed_andTheSameContent_isTheSameVersion() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "line\n\n");
    ResolvedSecret first = resolve("file://" + token);
    Files.writeString(dir.resolve("crlf"), "line\n\r\n");
    ResolvedSecret crlf = resolve("file://" + dir.resolve("crlf"));

    assertThat(first.value().reveal()).isEqualTo("line\n");
    assertThat(crlf.value().reveal()).isEqualTo("line\n");
    assertThat(first.version()).hasSize(32).isEqualTo(crlf.version());
    assertThat(first.expires()).isEmpty();
  }

  @Test
  void changedFile_publishesANewVersion_andARemovedOne_isDeleted() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "one");
    Queue<SecretEvent> events = new ConcurrentLinkedQueue<>();
    files.subscribe(events::add);
    String before = resolve("file://" + token).version();

    Files.writeString(token, "two");
    await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
    SecretEvent changed = events.poll();
    assertThat(changed.type()).isEqualTo(SecretEvent.Type.NEW_VERSION);
    assertThat(changed.vault()).isEmpty();
    assertThat(changed.name()).isEqualTo(token.toString());
    assertThat(changed.version())
        .isNotEqualTo(before)
        .isEqualTo(resolve("file://" + token).version());

    Files.delete(token);
    await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
    assertThat(events.poll().type()).isEqualTo(SecretEvent.Type.DELETED);
  }

  @Test
  void missingHugeAndJsonFields_failWithCodesThatNameThePathOnly() throws Exception {
    Path missing = dir.resolve("missing");
    SecretAccessException notFound = failure("file://" + missing);
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.code()).isEqualTo("SecretNotFound");
    assertThat(notFound.getMessage()).isEqualTo("file " + missing + " does not exist");

    Path huge = dir.resolve("huge");
    Files.write(huge, new byte[FileSource.MAX_BYTES + 1]);
    SecretAccessException tooLarge = failure("file://" + huge);
    assertThat(tooLarge.status()).isEqualTo(422);
    assertThat(tooLarge.code()).isEqualTo("SecretTooLarge");

    Path json = dir.resolve("json");
    Files.writeString(json, "{\"user\":\"u1\",\"password\":\"p-canary\"}\n");
    assertThat(resolve("file://" + json + "#/user").value().reveal()).isEqualTo("u1");
    SecretAccessException noField = failure("file://" + json + "#/nope");
    assertThat(noField.code()).isEqualTo("SecretFieldNotFound");
    assertThat(noField.getMessage()).doesNotContain("p-canary");
  }

  @Test
  void environmentSource_servesASetVariable_and404sAnUnsetOne() {
    EnvironmentSource env =
        new EnvironmentSource(name -> Optional.ofNullable(Map.of("TOKEN", "t-1").get(name)));

    ResolvedSecret set =
        env.resolve(SecretRefs.parse("env://TOKEN"), CALLER).toCompletableFuture().join();
    assertThat(set.value().reveal()).isEqualTo("t-1");
    assertThat(set.version()).hasSize(32);

    SecretAccessException unset =
        (SecretAccessException)
            env.resolve(SecretRefs.parse("env://OTHER"), CALLER)
                .toCompletableFuture()
                .handle((ok, error) -> error)
                .join();
    assertThat(unset.status()).isEqualTo(404);
    assertThat(unset.getMessage()).isEqualTo("environment variable OTHER is not set on this node");
  }
}
