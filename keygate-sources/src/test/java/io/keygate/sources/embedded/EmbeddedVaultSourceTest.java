package io.keygate.sources.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretRefs;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The embedded vault as a SecretSource, on a real SQLite vault in a temporary directory. */
class EmbeddedVaultSourceTest {
  private static final Caller CALLER =
      new Caller(List.of("key:k1", "group:team"), "node-a", "payments-api", "req-7");
  private static final Actor ADMIN = Actor.admin("test", "");
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path data;
  private SecretVault vault;
  private ExecutorService executor;
  private EmbeddedVaultSource source;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void openVault() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    vault =
        SecretVault.open(
            VaultOptions.embedded(data)
                .withMasterKey(
                    MasterKeySource.keyMaterial(
                        SecretValue.of(Base64.getEncoder().encodeToString(key))))
                .withSweepInterval(Duration.ZERO));
    vault.createVault("payments");
    executor = Executors.newVirtualThreadPerTaskExecutor();
    source = new EmbeddedVaultSource(vault, executor);
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void close() throws InterruptedException {
    root.detachAppender(logs);
    executor.shutdown();
    executor.awaitTermination(5, TimeUnit.SECONDS);
    vault.close();
  }

  private static String canary() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return "kg-canary-" + HexFormat.of().formatHex(bytes);
  }

  private String set(String name, String value, SetSecretRequest... base) {
    SetSecretRequest request =
        base.length == 0 ? SetSecretRequest.of(SecretValue.of(value)) : base[0];
    return vault.setSecret("payments", name, request).properties().version();
  }

  private void grant(String principal, Role role, String scope) {
    vault.roles().assign(ADMIN, principal, role, Scope.parse(scope));
  }

  private ResolvedSecret resolve(String reference, Caller caller) {
    return source.resolve(SecretRefs.parse(reference), caller).toCompletableFuture().join();
  }

  private SecretAccessException failure(String reference, Caller caller) {
    try {
      resolve(reference, caller);
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(SecretAccessException.class);
      return (SecretAccessException) e.getCause();
    }
    throw new AssertionError("resolving " + reference + " did not fail");
  }

  private void assertNoLogLineContains(String text) {
    assertThat(logs.list).noneMatch(event -> event.getFormattedMessage().contains(text));
  }

  @Test
  void allowedCaller_getsTheCurrentValueWithVersionAndExpiry_andTheReadIsAudited() {
    String value = canary();
    Instant expires = Instant.parse("2099-01-01T00:00:00Z");
    String version =
        set(
            "upstream-token",
            value,
            SetSecretRequest.of(SecretValue.of(value)).withExpires(expires));
    grant("group:team", Role.SECRETS_USER, "payments");

    ResolvedSecret resolved = resolve("payments/Upstream-Token", CALLER);

    assertThat(resolved.value().reveal()).isEqualTo(value);
    assertThat(resolved.version()).isEqualTo(version);
    assertThat(resolved.expires()).contains(expires);
    AuditEntry entry = vault.audit().recent(1).get(0);
    assertThat(entry.principals()).containsExactly("key:k1", "group:team");
    assertThat(entry.onBehalfOf()).isEqualTo("key:k1");
    assertThat(entry.via()).isEqualTo("node-a");
    assertThat(entry.api()).isEqualTo("payments-api");
    assertThat(entry.requestId()).isEqualTo("req-7");
    assertThat(entry.version()).isEqualTo(version);
    assertThat(entry.outcome()).isEqualTo("allowed");
    assertNoLogLineContains(value);
  }

  @Test
  void pinnedVersion_isServedEvenAfterANewerOne() {
    String first = canary();
    String version = set("token", first);
    set("token", canary());
    grant("key:k1", Role.SECRETS_USER, "payments/token");

    ResolvedSecret resolved = resolve("payments/token#" + version, CALLER);

    assertThat(resolved.value().reveal()).isEqualTo(first);
    assertThat(resolved.version()).isEqualTo(version);
  }

  @Test
  void jsonPointer_servesOneFieldOfAJsonSecret() {
    String password = canary();
    set("db", "{\"user\":\"svc\",\"credentials\":{\"password\":\"" + password + "\",\"n\":3}}");
    grant("key:k1", Role.SECRETS_USER, "*");

    assertThat(resolve("payments/db#/credentials/password", CALLER).value().reveal())
        .isEqualTo(password);
    assertThat(resolve("payments/db#/credentials/n", CALLER).value().reveal()).isEqualTo("3");
    assertThat(resolve("payments/db#/user", CALLER).value().reveal()).isEqualTo("svc");
  }

  @Test
  void missingJsonField_isA404NamingThePointer_neverTheValue_andIsAudited() {
    String password = canary();
    String version = set("db", "{\"password\":\"" + password + "\"}");
    grant("key:k1", Role.SECRETS_USER, "*");

    SecretAccessException e = failure("payments/db#/pasword", CALLER);

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.code()).isEqualTo("SecretFieldNotFound");
    assertThat(e.getMessage())
        .isEqualTo("secret payments/db version " + version + " has no field /pasword");
    AuditEntry entry = vault.audit().recent(1).get(0);
    assertThat(entry.outcome() + " " + entry.code()).isEqualTo("error SecretFieldNotFound");
    assertNoLogLineContains(password);
  }

  @Test
  void pointerIntoANonJsonSecret_isA422() {
    String value = canary();
    String version = set("plain", value);
    grant("key:k1", Role.SECRETS_USER, "*");

    SecretAccessException e = failure("payments/plain#/x", CALLER);

    assertThat(e.status()).isEqualTo(422);
    assertThat(e.code()).isEqualTo("SecretNotJson");
    assertThat(e.getMessage())
        .isEqualTo(
            "secret payments/plain version "
                + version
                + " is not a JSON object or array, so its field /x cannot be read")
        .doesNotContain(value);
  }

  @Test
  void callerWithoutTheRight_isDenied_namingTheActionAndTheSecret() {
    set("upstream-token", canary());
    grant("key:k1", Role.SECRETS_READER, "payments");

    SecretAccessException e = failure("payments/upstream-token", CALLER);

    assertThat(e.status()).isEqualTo(403);
    assertThat(e.code()).isEqualTo("ForbiddenByRbac");
    assertThat(e.getMessage())
        .isEqualTo(
            "caller key:k1, group:team may not read the value of payments/upstream-token (needs"
                + " secrets-user)");
    assertThat(vault.audit().recent(1).get(0).outcome()).isEqualTo("denied");
  }

  @Test
  void theNodeItself_andAdminOrServicePrincipalsInACaller_holdNoRight() {
    set("upstream-token", canary());
    grant("service:node-a", Role.SECRETS_USER, "*");

    Caller nodeOnly = new Caller(List.of(), "service:node-a", "payments-api");
    Caller smuggled = new Caller(List.of("admin", "service:node-a"), "node-a", "payments-api");

    assertThat(failure("payments/upstream-token", nodeOnly).getMessage())
        .isEqualTo(
            "caller (no principal) may not read the value of payments/upstream-token (needs"
                + " secrets-user)");
    assertThat(failure("payments/upstream-token", smuggled).code()).isEqualTo("ForbiddenByRbac");
  }

  @Test
  void missingSecret_isA404() {
    grant("key:k1", Role.SECRETS_USER, "*");

    SecretAccessException e = failure("payments/nope", CALLER);

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.code()).isEqualTo("SecretNotFound");
    assertThat(e.getMessage()).isEqualTo("secret payments/nope not found");
  }

  @Test
  void otherSources_areRefusedWithTheirName() {
    SecretAccessException e = failure("azure://kv/name", CALLER);

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("UnsupportedSource");
    assertThat(e.getMessage())
        .isEqualTo(
            "secret reference azure://kv/name names the source 'azure', which the embedded vault"
                + " does not serve");
  }

  @Test
  void auditThatCannotBeWritten_meansNoValue() throws Exception {
    set("upstream-token", canary());
    grant("key:k1", Role.SECRETS_USER, "*");
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vault.db"));
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE audit_log");
    }

    SecretAccessException e = failure("payments/upstream-token", CALLER);

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.code()).isEqualTo("AuditUnavailable");
    assertThat(e.getMessage())
        .isEqualTo("the audit entry could not be written, so the request was refused");
  }

  @Test
  void resolve_neverRunsTheVaultCallOnTheCallersThread() {
    set("upstream-token", canary());
    grant("key:k1", Role.SECRETS_USER, "*");
    Queue<Runnable> queued = new ArrayDeque<>();
    Executor held = queued::add;
    EmbeddedVaultSource heldSource = new EmbeddedVaultSource(vault, held);

    var stage =
        heldSource
            .resolve(SecretRef.of("payments", "upstream-token"), CALLER)
            .toCompletableFuture();

    assertThat(stage).isNotDone();
    assertThat(vault.audit().recent(10)).noneMatch(e -> e.action().equals("READ_VALUE"));
    queued.poll().run();
    assertThat(stage).isCompleted();
  }

  @Test
  void subscribe_forwardsTheVaultsEvents_untilClosed() throws Exception {
    List<SecretEvent> events = new CopyOnWriteArrayList<>();
    AutoCloseable subscription = source.subscribe(events::add);

    String version = set("token", canary());
    subscription.close();
    set("token", canary());

    assertThat(events)
        .extracting(e -> e.type() + " " + e.vault() + "/" + e.name() + " " + e.version())
        .containsExactly("NEW_VERSION payments/token " + version);
  }
}
