package io.keygate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A definitions folder that cannot be created fails the start with a message that says why; the
 * JDK's own message is only the path, which {@code keygate serve} printed as "the gateway listener
 * on 127.0.0.1:8080 failed: /srv/apis".
 */
class DefinitionFoldersTest {
  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void anApisFolderThatIsAFile_failsSayingSo() throws Exception {
    Path file = Files.writeString(dir.resolve("apis"), "not a folder");

    Throwable failure =
        catchThrowable(() -> FolderDefinitions.open(vertx, file, dir.resolve("policies")).await());

    assertThat(failure)
        .hasMessage("the APIs folder " + file + " cannot be created: " + file + " is a file");
  }

  @Test
  void aPoliciesFolderUnderAFile_failsSayingWhy() throws Exception {
    Path file = Files.writeString(dir.resolve("plain"), "not a folder");
    Path policies = file.resolve("policies");

    Throwable failure =
        catchThrowable(() -> FolderDefinitions.open(vertx, dir.resolve("apis"), policies).await());

    assertThat(failure.getMessage())
        .startsWith("the policies folder " + policies + " cannot be created: ");
  }
}
