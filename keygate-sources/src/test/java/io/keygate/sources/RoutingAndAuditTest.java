package io.keygate.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRefs;
import io.keygate.secrets.SecretSource;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.embedded.EmbeddedVaultSource;
import io.keygate.sources.local.EnvironmentSource;
import io.keygate.sources.local.FileSource;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.audit.AuditEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheme router and the audit of external sources, on a real SQLite vault. */
class RoutingAndAuditTest {
  private static final Caller CALLER =
      new Caller(List.of("key:k1", "group:team"), "node-a", "payments", "req-9");

  @TempDir Path data;
  private SecretVault vault;
  private ExecutorService executor;
  private FileSource files;
  private RoutingSecretSource router;

  @BeforeEach
  void open() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    vault =
        SecretVault.open(
            VaultOptions.embedded(data)
                .withMasterKey(
                    MasterKeySource.keyMaterial(
                        SecretValue.of(Base64.getEncoder().encodeToString(key))))
                .withSweepInterval(Duration.ZERO));
    executor = Executors.newVirtualThreadPerTaskExecutor();
    files = new FileSource(Duration.ofSeconds(60), executor, Clock.systemUTC());
    EnvironmentSource env =
        new EnvironmentSource(name -> Optional.ofNullable(Map.of("TOKEN", "t-1").get(name)));
    router =
        RoutingSecretSource.builder()
            .route("embedded", new EmbeddedVaultSource(vault, executor))
            .route("env", new AuditedSource(env, vault.audit(), executor, Clock.systemUTC()))
            .route("file", new AuditedSource(files, vault.audit(), executor, Clock.systemUTC()))
            .build();
  }

  @AfterEach
  void close() {
    router.close();
    executor.close();
    vault.close();
  }

  private Throwable failure(String reference) {
    try {
      router.resolve(SecretRefs.parse(reference), CALLER).toCompletableFuture().join();
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError(reference + " did not fail");
  }

  @Test
  void unconfiguredScheme_failsAndIsUnservable_namingTheSourcesKey() {
    String expected =
        "secret reference azure://kv/token names the source 'azure', which this node has not"
            + " configured: add sources.azure to keygate.yaml (see docs/SOURCES.md)";

    Throwable failed = failure("azure://kv/token");

    assertThat(failed).isInstanceOf(SecretAccessException.class).hasMessage(expected);
    assertThat(((SecretAccessException) failed).code()).isEqualTo("SourceNotConfigured");
    assertThat(((SecretAccessException) failed).status()).isEqualTo(500);
    assertThat(router.unservable(SecretRefs.parse("azure://kv/token"))).contains(expected);
    assertThat(router.unservable(SecretRefs.parse("env://TOKEN"))).isEmpty();
    assertThat(router.schemes()).containsExactly("embedded", "env", "file");
    assertThat(
            router.readability(SecretRefs.parse("azure://kv/token")).toCompletableFuture().join())
        .isEqualTo(SecretSource.Readability.UNKNOWN);
    assertThat(router.readability(SecretRefs.parse("payments/none")).toCompletableFuture().join())
        .isEqualTo(SecretSource.Readability.NOT_FOUND);
  }

  @Test
  void externalResolutions_areAuditedWithCallerNodeApiAndVersion_refusalsToo() {
    ResolvedSecret served =
        router.resolve(SecretRefs.parse("env://TOKEN"), CALLER).toCompletableFuture().join();
    failure("env://MISSING");

    List<AuditEntry> entries = vault.audit().recent(2);
    AuditEntry refused = entries.get(0);
    AuditEntry allowed = entries.get(1);
    assertThat(allowed.vault()).isEqualTo("env://");
    assertThat(allowed.name()).isEqualTo("TOKEN");
    assertThat(allowed.principals()).containsExactly("key:k1", "group:team");
    assertThat(allowed.onBehalfOf()).isEqualTo("key:k1");
    assertThat(allowed.via()).isEqualTo("node-a");
    assertThat(allowed.api()).isEqualTo("payments");
    assertThat(allowed.requestId()).isEqualTo("req-9");
    assertThat(allowed.action()).isEqualTo("READ_VALUE");
    assertThat(allowed.version()).isEqualTo(served.version());
    assertThat(allowed.outcome()).isEqualTo(AuditEntry.ALLOWED);
    assertThat(refused.name()).isEqualTo("MISSING");
    assertThat(refused.outcome()).isEqualTo(AuditEntry.ERROR);
    assertThat(refused.code()).isEqualTo("SecretNotFound");
  }

  @Test
  void aReadThatCannotBeAudited_isNotServed() throws Exception {
    Path token = data.resolve("token");
    Files.writeString(token, "value");
    vault.close();

    Throwable failed = failure("file://" + token);

    assertThat(failed).isInstanceOf(SecretAccessException.class);
    assertThat(((SecretAccessException) failed).code()).isEqualTo("AuditUnavailable");
    assertThat(((SecretAccessException) failed).status()).isEqualTo(503);
    assertThat(failed.getMessage())
        .isEqualTo("the read of file://" + token + " could not be audited");
  }

  @Test
  void subscribe_mergesEverySource_andTheHandleUnsubscribesFromAll() throws Exception {
    List<SecretEvent> events = new ArrayList<>();
    AutoCloseable handle = router.subscribe(events::add);
    vault.createVault("payments");
    vault.setSecret(
        "payments", "t", io.keygate.vault.SetSecretRequest.of(SecretValue.of("embedded-value")));
    assertThat(events).extracting(SecretEvent::type).contains(SecretEvent.Type.NEW_VERSION);

    handle.close();
    events.clear();
    vault.setSecret(
        "payments", "t", io.keygate.vault.SetSecretRequest.of(SecretValue.of("embedded-value-2")));
    assertThat(events).isEmpty();
  }
}
