package io.keygate.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RotationWatchTest {
  private final InMemorySecretSource source = new InMemorySecretSource();

  private void publish(SecretEvent.Type type) {
    source.publish(new SecretEvent(type, "payments", "upstream-token", "", Instant.now()));
  }

  @Test
  void aRequestWaitingForARotation_isReleasedByItsNewVersion() {
    try (RotationWatch watch = new RotationWatch(source)) {
      publish(SecretEvent.Type.ROTATING);
      CompletableFuture<Void> next =
          watch.nextVersion("payments", "upstream-token", Duration.ofMinutes(5));
      assertThat(next).isNotDone();
      publish(SecretEvent.Type.NEW_VERSION);
      assertThat(next).isDone();
      assertThat(watch.isRotating("payments", "upstream-token")).isFalse();
    }
  }

  @Test
  void aFailedRotation_releasesItsWaitersAtOnce_insteadOfAfterTheWaitLimit() {
    try (RotationWatch watch = new RotationWatch(source)) {
      publish(SecretEvent.Type.ROTATING);
      CompletableFuture<Void> next =
          watch.nextVersion("payments", "upstream-token", Duration.ofMinutes(5));
      publish(SecretEvent.Type.ROTATION_FAILED);
      assertThat(next).isDone();
      assertThat(watch.isRotating("payments", "upstream-token")).isFalse();
    }
  }

  @Test
  void anotherSecretsEvents_leaveTheWaitInPlace() {
    try (RotationWatch watch = new RotationWatch(source)) {
      publish(SecretEvent.Type.ROTATING);
      CompletableFuture<Void> next =
          watch.nextVersion("payments", "upstream-token", Duration.ofMinutes(5));
      source.publish(
          new SecretEvent(
              SecretEvent.Type.ROTATION_FAILED, "payments", "other", "", Instant.now()));
      assertThat(next).isNotDone();
      assertThat(watch.isRotating("payments", "upstream-token")).isTrue();
    }
  }
}
