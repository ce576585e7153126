package io.keygate.sources.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRefs;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keygate:// source against a real remote vault over HTTPS (pinned certificate). */
class RemoteVaultSourceTest {
  private static final String CANARY = "canary-remote-src-61f0e3";
  private static final Caller ALICE =
      new Caller(List.of("key:alice", "group:team"), "node-b", "payments-api", "req-1");
  private static final Actor ADMIN = Actor.admin("test", "");

  @TempDir Path data;
  private RemoteVault remote;
  private RemoteVaultSource source;

  @BeforeEach
  void start() throws Exception {
    remote = new RemoteVault(data);
    remote.vault.createVault("payments");
    remote.vault.setSecret(
        "payments", "token", SetSecretRequest.of(SecretValue.of("{\"user\":\"" + CANARY + "\"}")));
  }

  @AfterEach
  void stop() throws Exception {
    if (source != null) {
      source.close();
    }
    remote.close();
  }

  private void grant(String principal, Role role, String scope) {
    remote.vault.roles().assign(ADMIN, principal, role, Scope.parse(scope));
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

  @Test
  void adminNode_resolvesOnBehalfOfTheCaller_andTheRemoteAuditsCallerAndNode() {
    source = RemoteVaultSource.create(remote.client(remote.adminToken), Clock.systemUTC());
    grant("key:alice", Role.SECRETS_USER, "payments/token");

    ResolvedSecret secret = resolve("keygate://payments/token#/user", ALICE);

    assertThat(secret.value().reveal()).isEqualTo(CANARY);
    assertThat(secret.version()).hasSize(32);
    AuditEntry entry = remote.vault.audit().recent(1).get(0);
    assertThat(entry.onBehalfOf()).isEqualTo("key:alice");
    assertThat(entry.principals()).containsExactly("key:alice", "group:team");
    assertThat(entry.via()).isEqualTo("node-b (admin)");
    assertThat(entry.api()).isEqualTo("payments-api");
    assertThat(entry.requestId()).isEqualTo("req-1");
    assertThat(entry.version()).isEqualTo(secret.version());
    assertThat(entry.outcome()).isEqualTo(AuditEntry.ALLOWED);
  }

  @Test
  void callerWithoutTheRole_isRefusedWith403ForbiddenByRbac() {
    source = RemoteVaultSource.create(remote.client(remote.adminToken), Clock.systemUTC());

    SecretAccessException denied = failure("keygate://payments/token", ALICE);

    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.code()).isEqualTo("ForbiddenByRbac");
    assertThat(denied.getMessage()).contains("payments/token");
  }

  @Test
  void appNodeWithoutGatewayNode_isRefusedAsANodeProblem_notAsTheCallers() {
    source = RemoteVaultSource.create(remote.client(remote.appToken("gw-b")), Clock.systemUTC());
    grant("key:alice", Role.SECRETS_USER, "payments");

    SecretAccessException refused = failure("keygate://payments/token", ALICE);

    assertThat(refused.status()).isEqualTo(502);
    assertThat(refused.code()).isEqualTo("RemoteVaultRefusedNode");
    assertThat(refused.getMessage()).endsWith("refused this node (403 NodeNotAllowed)");
    assertThat(remote.vault.audit().recent(1).get(0).outcome()).isEqualTo(AuditEntry.DENIED);
  }

  @Test
  void appNodeWithGatewayNode_relaysForItsCaller_butCannotReadForItself() {
    source = RemoteVaultSource.create(remote.client(remote.appToken("gw-b")), Clock.systemUTC());
    grant("app:gw-b", Role.GATEWAY_NODE, "payments");
    grant("key:alice", Role.SECRETS_USER, "payments");

    assertThat(resolve("keygate://payments/token#/user", ALICE).value().reveal()).isEqualTo(CANARY);
    assertThat(remote.vault.audit().recent(1).get(0).via()).isEqualTo("node-b (app:gw-b)");

    SecretAccessException itself =
        failure("keygate://payments/token", new Caller(List.of("app:gw-b"), "node-b", ""));
    assertThat(itself.status()).isEqualTo(403);
    assertThat(itself.code()).isEqualTo("ForbiddenByRbac");
  }

  @Test
  void aNodeWithoutGatewayNode_getsNoEvents() throws Exception {
    source = RemoteVaultSource.create(remote.client(remote.appToken("gw-c")), Clock.systemUTC());
    Queue<SecretEvent> events = new ConcurrentLinkedQueue<>();
    source.subscribe(events::add);

    remote.vault.setSecret("payments", "token", SetSecretRequest.of(SecretValue.of("next")));
    grant("app:gw-b", Role.GATEWAY_NODE, "payments");
    RemoteVaultSource allowed =
        RemoteVaultSource.create(remote.client(remote.appToken("gw-b")), Clock.systemUTC());
    Queue<SecretEvent> seen = new ConcurrentLinkedQueue<>();
    allowed.subscribe(seen::add);
    await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
    allowed.close();

    assertThat(events).isEmpty();
  }

  @Test
  void wrongToken_isANodeProblem_and_anUnreachableRemote_is503() throws Exception {
    source =
        RemoteVaultSource.create(remote.client(SecretValue.of("not-the-token")), Clock.systemUTC());
    SecretAccessException refused = failure("keygate://payments/token", ALICE);
    assertThat(refused.status()).isEqualTo(502);
    assertThat(refused.code()).isEqualTo("RemoteVaultRefusedNode");
    source.close();

    source = RemoteVaultSource.create(remote.client(remote.adminToken), Clock.systemUTC());
    remote.close();
    remote = new RemoteVault(data.resolve("other"));
    SecretAccessException down = failure("keygate://payments/token", ALICE);
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.code()).isEqualTo("SecretSourceUnavailable");
    assertThat(down.getMessage()).startsWith("the remote vault https://127.0.0.1:");
  }

  @Test
  void newVersionOnTheRemote_reachesAGatewayNode_afterAResyncOnConnect() {
    grant("app:gw-b", Role.GATEWAY_NODE, "payments");
    source = RemoteVaultSource.create(remote.client(remote.appToken("gw-b")), Clock.systemUTC());
    Queue<SecretEvent> events = new ConcurrentLinkedQueue<>();
    source.subscribe(events::add);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events.stream().anyMatch(e -> e.type() == SecretEvent.Type.RESYNC));

    String version =
        remote
            .vault
            .setSecret("payments", "token", SetSecretRequest.of(SecretValue.of("next")))
            .properties()
            .version();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events)
                    .anySatisfy(
                        e -> {
                          assertThat(e.type()).isEqualTo(SecretEvent.Type.NEW_VERSION);
                          assertThat(e.vault()).isEqualTo("payments");
                          assertThat(e.name()).isEqualTo("token");
                          assertThat(e.version()).isEqualTo(version);
                        }));
  }
}
