package io.keygate.sources.hashicorp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRefs;
import io.keygate.secrets.SecretSource.Readability;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.watch.Resolutions;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hashicorp:// source against Keygate's own KV v2-compatible API over TLS: whole objects,
 * fields, pinned versions, refusals, and rotation picked up by the metadata poller.
 */
class HashicorpSecretSourceTest {

  @TempDir Path data;
  private KeygateKvServer kv;
  private HashicorpSecretSource source;
  private final List<SecretEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    kv = new KeygateKvServer(data);
    kv.vault.createVault("secret");
    kv.put(
        "secret",
        "app/db",
        "{\"username\":\"app\",\"password\":\"pw-v1\",\"tls\":{\"sni\":\"db\"}}");
    source = create(HashicorpAuth.token(SecretValue.of(kv.token.reveal())), Duration.ZERO);
  }

  private HashicorpSecretSource create(HashicorpAuth auth, Duration poll) {
    HashicorpSecretSource created =
        HashicorpSecretSource.create(
            HashicorpSourceOptions.of(kv.address(), auth)
                .withCaCertificates(kv.certificate)
                .withPollInterval(poll));
    created.subscribe(events::add);
    return created;
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    kv.close();
  }

  private ResolvedSecret resolve(String reference) {
    return Resolutions.resolve(source, reference);
  }

  private SecretAccessException refusal(String reference) {
    return Resolutions.refusal(source, reference);
  }

  @Test
  void field_isTheStringValueOfThatField() {
    ResolvedSecret secret = resolve("hashicorp://secret/app/db#/password");

    assertThat(secret.value().reveal()).isEqualTo("pw-v1");
    assertThat(secret.version()).isEqualTo("1");
    assertThat(secret.expires()).isEmpty();
  }

  @Test
  void withoutAField_theWholeDataObjectIsServedAsJson() {
    ResolvedSecret secret = resolve("hashicorp://secret/app/db");

    assertThat(secret.value().reveal())
        .isEqualTo("{\"username\":\"app\",\"password\":\"pw-v1\",\"tls\":{\"sni\":\"db\"}}");
  }

  @Test
  void nestedObjectField_isServedAsJson() {
    assertThat(resolve("hashicorp://secret/app/db#/tls").value().reveal())
        .isEqualTo("{\"sni\":\"db\"}");
  }

  @Test
  void pinnedVersion_servesThatVersionAfterARotation() throws Exception {
    kv.put("secret", "app/db", "{\"password\":\"pw-v2\"}");

    ResolvedSecret pinned = resolve("hashicorp://secret/app/db#1#/password");
    ResolvedSecret current = resolve("hashicorp://secret/app/db#/password");

    assertThat(pinned.value().reveal()).isEqualTo("pw-v1");
    assertThat(pinned.version()).isEqualTo("1");
    assertThat(current.value().reveal()).isEqualTo("pw-v2");
    assertThat(current.version()).isEqualTo("2");
  }

  @Test
  void missingSecret_is404SecretNotFoundNamingTheReferenceAndServer() {
    SecretAccessException refused = refusal("hashicorp://secret/app/cache#/password");

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.code()).isEqualTo("SecretNotFound");
    assertThat(refused.getMessage())
        .isEqualTo(
            "secret hashicorp://secret/app/cache#/password was not found in HashiCorp Vault "
                + kv.address());
  }

  @Test
  void deletedVersion_is404SayingItIsDeleted() throws Exception {
    kv.put("secret", "app/db", "{\"password\":\"pw-v2\"}");
    kv.call("POST", "/v1/secret/delete/app/db", "{\"versions\":[1]}");

    SecretAccessException refused = refusal("hashicorp://secret/app/db#1#/password");

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.code()).isEqualTo("SecretNotFound");
    assertThat(refused.getMessage())
        .isEqualTo(
            "secret hashicorp://secret/app/db#1#/password was not found in HashiCorp Vault "
                + kv.address()
                + " (that version is deleted or destroyed)");
    assertThat(resolve("hashicorp://secret/app/db#/password").value().reveal()).isEqualTo("pw-v2");
  }

  @Test
  void poll_afterTheCurrentVersionIsDeleted_publishesDisabled() throws Exception {
    resolve("hashicorp://secret/app/db#/password");

    kv.call("DELETE", "/v1/secret/data/app/db", null);
    source.pollNow().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(events)
        .extracting(SecretEvent::type, SecretEvent::vault, SecretEvent::name)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SecretEvent.Type.DISABLED, "secret", "app/db"));
  }

  @Test
  void readability_isNotFoundForAMissingSecretOrVersion_andUnknownOtherwise() {
    assertThat(readability("hashicorp://secret/app/db#/password")).isEqualTo(Readability.UNKNOWN);
    assertThat(readability("hashicorp://secret/app/db#1")).isEqualTo(Readability.UNKNOWN);
    assertThat(readability("hashicorp://secret/app/nothing")).isEqualTo(Readability.NOT_FOUND);
    assertThat(readability("hashicorp://secret/app/db#9")).isEqualTo(Readability.NOT_FOUND);
  }

  private Readability readability(String reference) {
    return source.readability(SecretRefs.parse(reference)).toCompletableFuture().join();
  }

  @Test
  void missingField_is404SecretFieldNotFound() {
    SecretAccessException refused = refusal("hashicorp://secret/app/db#/token");

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.code()).isEqualTo("SecretFieldNotFound");
    assertThat(refused.getMessage())
        .isEqualTo("secret hashicorp://secret/app/db#/token has no field /token");
  }

  @Test
  void refusedToken_is502SourceForbiddenAndNeverShowsTheToken() {
    source.close();
    source = create(HashicorpAuth.token(SecretValue.of("hvs.not-a-token-3b9f")), Duration.ZERO);

    SecretAccessException refused = refusal("hashicorp://secret/app/db#/password");

    assertThat(refused.status()).isEqualTo(502);
    assertThat(refused.code()).isEqualTo("SecretSourceForbidden");
    assertThat(refused.getMessage())
        .isEqualTo(
            "HashiCorp Vault "
                + kv.address()
                + " refused Keygate's token for secret hashicorp://secret/app/db#/password"
                + " (permission denied)")
        .doesNotContain("3b9f");
  }

  @Test
  void callerTokenWithoutRbacRight_isRefusedAndWithTheRight_reads() {
    kv.appTokens.put("app-token-1", List.of("app:payments-gateway"));
    source.close();
    source = create(HashicorpAuth.token(SecretValue.of("app-token-1")), Duration.ZERO);

    assertThat(refusal("hashicorp://secret/app/db#/password").code())
        .isEqualTo("SecretSourceForbidden");

    kv.vault
        .roles()
        .assign(
            Actor.admin("test", ""),
            "app:payments-gateway",
            Role.SECRETS_USER,
            Scope.parse("secret"));
    assertThat(resolve("hashicorp://secret/app/db#/password").value().reveal()).isEqualTo("pw-v1");
  }

  @Test
  void unreachableServer_is503SourceUnavailable() throws Exception {
    kv.server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    SecretAccessException refused = refusal("hashicorp://secret/app/db#/password");

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.code()).isEqualTo("SecretSourceUnavailable");
    assertThat(refused.getMessage())
        .isEqualTo("HashiCorp Vault " + kv.address() + " could not be reached");
  }

  @Test
  void poll_afterANewVersion_publishesNewVersionOnce() throws Exception {
    resolve("hashicorp://secret/app/db#/password");
    kv.put("secret", "app/db", "{\"password\":\"pw-v2\"}");

    source.pollNow().toCompletableFuture().get(10, TimeUnit.SECONDS);
    source.pollNow().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(events)
        .extracting(SecretEvent::type, SecretEvent::vault, SecretEvent::name, SecretEvent::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                SecretEvent.Type.NEW_VERSION, "secret", "app/db", "2"));
  }

  @Test
  void poller_onItsInterval_picksUpARotation() throws Exception {
    source.close();
    source = create(HashicorpAuth.token(SecretValue.of(kv.token.reveal())), Duration.ofMillis(200));
    resolve("hashicorp://secret/app/db#/password");

    kv.put("secret", "app/db", "{\"password\":\"pw-v2\"}");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events)
                    .extracting(SecretEvent::type, SecretEvent::version)
                    .contains(
                        org.assertj.core.groups.Tuple.tuple(SecretEvent.Type.NEW_VERSION, "2")));
    assertThat(resolve("hashicorp://secret/app/db#/password").value().reveal()).isEqualTo("pw-v2");
  }

  @Test
  void pinnedReferences_areNotPolled() throws Exception {
    resolve("hashicorp://secret/app/db#1#/password");
    kv.put("secret", "app/db", "{\"password\":\"pw-v2\"}");

    source.pollNow().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(events).isEmpty();
  }
}
