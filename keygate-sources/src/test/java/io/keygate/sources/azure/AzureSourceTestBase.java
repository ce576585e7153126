package io.keygate.sources.azure;

import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.sources.watch.Resolutions;
import io.keygate.vault.rbac.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Keygate with its Azure-compatible API per test class, an app {@code reader} holding {@code
 * secrets-user} on {@code payments}, and per test a source signed in as that app (never polling)
 * whose events are collected.
 */
abstract class AzureSourceTestBase {
  @TempDir static Path data;
  static KeygateAzureServer keygate;
  static KeygateAzureServer.App reader;
  AzureSecretSource source;
  final List<SecretEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startKeygate() throws Exception {
    keygate = new KeygateAzureServer(data);
    reader = keygate.app(Role.SECRETS_USER, "payments");
  }

  @AfterAll
  static void stopKeygate() throws Exception {
    keygate.close();
  }

  @BeforeEach
  void createSource() {
    source = AzureSecretSource.create(keygate.options(reader));
    source.subscribe(events::add);
  }

  @AfterEach
  void closeSource() {
    source.close();
  }

  ResolvedSecret resolve(String reference) {
    return Resolutions.resolve(source, reference);
  }

  SecretAccessException refusal(String reference) {
    return Resolutions.refusal(source, reference);
  }
}
