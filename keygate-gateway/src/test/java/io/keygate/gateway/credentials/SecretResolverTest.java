package io.keygate.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keygate.gateway.keys.MutableClock;
import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SecretResolverTest {
  private static final SecretRef TOKEN = SecretRef.of("payments", "upstream-token");
  private static final Caller ALICE = new Caller(List.of("key:alice"), "node-1", "payments");
  private static final Caller MALLORY = new Caller(List.of("key:mallory"), "node-1", "payments");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemorySecretSource source = new InMemorySecretSource();
  private SecretResolver resolver;
  private String v1;

  @BeforeEach
  void setUp() {
    v1 = source.put("payments", "upstream-token", "token-one");
    source.grant("key:alice", "payments", "upstream-token");
    resolver =
        SecretResolver.create(
            source,
            ResolverSettings.DEFAULTS
                .withMaxAge(Duration.ofMinutes(1))
                .withStaleIfError(Duration.ofMinutes(5)),
            clock);
  }

  @AfterEach
  void tearDown() {
    resolver.close();
  }

  private ResolvedSecret resolve(Caller caller) {
    return resolver.resolve(TOKEN, caller).toCompletableFuture().join();
  }

  private static SecretAccessException refusal(Runnable call) {
    try {
      call.run();
    } catch (CompletionException e) {
      return (SecretAccessException) e.getCause();
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void steadyState_makesNoSourceCallPerRequest() {
    for (int i = 0; i < 1_000; i++) {
      assertThat(resolve(ALICE).version()).isEqualTo(v1);
    }
    assertThat(source.calls()).isEqualTo(1);
    assertThat(resolver.sourceCalls()).isEqualTo(1);
  }

  @Test
  void coldCache_underConcurrentRequests_readsTheSourceOnce() {
    source.hold();
    List<CompletableFuture<ResolvedSecret>> waiting = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      waiting.add(resolver.resolve(TOKEN, ALICE).toCompletableFuture());
    }
    source.release();
    waiting.forEach(f -> assertThat(f.join().value().reveal()).isEqualTo("token-one"));
    assertThat(source.calls()).isEqualTo(1);
  }

  @Test
  void eachPrincipalSet_isDecidedByTheSource_separately() {
    assertThat(resolve(ALICE).value().reveal()).isEqualTo("token-one");
    SecretAccessException denied = refusal(() -> resolve(MALLORY));
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.code()).isEqualTo("ForbiddenByRbac");
    assertThat(source.calls()).isEqualTo(2);
  }

  @Test
  void refusal_isRememberedForTheNegativeTtl_thenAskedAgain() {
    refusal(() -> resolve(MALLORY));
    refusal(() -> resolve(MALLORY));
    assertThat(source.calls()).isEqualTo(1);
    source.grant("key:mallory", "payments", "upstream-token");
    clock.advance(Duration.ofSeconds(6));
    assertThat(resolve(MALLORY).version()).isEqualTo(v1);
    assertThat(source.calls()).isEqualTo(2);
  }

  @Test
  void newVersionEvent_dropsTheCachedValue_andTheNextRequestGetsTheNewVersion() {
    resolve(ALICE);
    String v2 = source.put("payments", "upstream-token", "token-two");
    ResolvedSecret after = resolve(ALICE);
    assertThat(after.version()).isEqualTo(v2);
    assertThat(after.value().reveal()).isEqualTo("token-two");
    assertThat(source.calls()).isEqualTo(2);
  }

  @Test
  void eventForAnotherSecret_keepsTheCacheWarm() {
    resolve(ALICE);
    source.put("payments", "other", "x");
    resolve(ALICE);
    assertThat(source.calls()).isEqualTo(1);
  }

  @Test
  void nearTheEndOfItsLifetime_anEntryIsRefreshedInTheBackground() {
    resolve(ALICE);
    String v2 = source.putQuietly("payments", "upstream-token", "token-two", Optional.empty());
    clock.advance(Duration.ofSeconds(50));
    assertThat(resolve(ALICE).version()).as("served at once from the cache").isEqualTo(v1);
    await().atMost(Duration.ofSeconds(5)).until(() -> resolve(ALICE).version().equals(v2));
    assertThat(source.calls()).isEqualTo(2);
  }

  @Test
  void sourceDown_afterTheLifetime_servesTheCachedValueForTheStaleWindow_thenFails() {
    resolve(ALICE);
    source.unreachable(true);
    clock.advance(Duration.ofMinutes(3));
    assertThat(resolve(ALICE).value().reveal()).isEqualTo("token-one");
    assertThat(resolver.staleServed()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(4));
    SecretAccessException down = refusal(() -> resolve(ALICE));
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.code()).isEqualTo("ServiceUnavailable");
  }

  @Test
  void refusalAfterTheLifetime_isNotCoveredByStaleIfError() {
    resolve(ALICE);
    clock.advance(Duration.ofMinutes(2));
    source.put("payments", "upstream-token", "token-two");
    SecretAccessException denied = refusal(() -> resolve(MALLORY));
    assertThat(denied.code()).isEqualTo("ForbiddenByRbac");
  }

  @Test
  void aSecretsOwnExpiry_boundsTheStaleWindow() {
    SecretRef shortLived = SecretRef.of("payments", "short");
    source.put("payments", "short", "brief", Optional.of(clock.instant().plusSeconds(30)));
    source.grant("key:alice", "payments", "short");
    resolver.resolve(shortLived, ALICE).toCompletableFuture().join();
    source.unreachable(true);
    clock.advance(Duration.ofSeconds(31));
    SecretAccessException down =
        refusal(() -> resolver.resolve(shortLived, ALICE).toCompletableFuture().join());
    assertThat(down.code()).isEqualTo("ServiceUnavailable");
    assertThat(resolver.staleServed()).isZero();
  }
}
