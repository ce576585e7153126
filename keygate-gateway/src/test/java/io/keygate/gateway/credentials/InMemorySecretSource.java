package io.keygate.gateway.credentials;

import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import io.keygate.secrets.SecretValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A small, real implementation of the {@link SecretSource} contract kept in memory, for gateway
 * tests (the gateway module may not depend on the vault; the embedded vault is exercised end to end
 * in keygate-app). It is not a mock: it keeps versions, decides per principal (deny by default),
 * publishes events, and can be made unreachable or slow. It counts every call it serves.
 */
public final class InMemorySecretSource implements SecretSource {
  private record Version(String id, SecretValue value, Optional<Instant> expires) {}

  private final Map<String, List<Version>> secrets = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> readers = new ConcurrentHashMap<>();
  private final List<Consumer<SecretEvent>> listeners = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
  private final AtomicInteger versions = new AtomicInteger();
  final AtomicInteger calls = new AtomicInteger();

  private record Asked(SecretRef ref, Caller caller) {}

  private final List<Asked> asked = new CopyOnWriteArrayList<>();
  private volatile boolean unreachable;
  private volatile boolean tellsReadability;
  private volatile boolean holding;

  /** Stores a new current version of {@code vault/name} and publishes NEW_VERSION. */
  public String put(String vault, String name, String value) {
    return put(vault, name, value, Optional.empty());
  }

  public String put(String vault, String name, String value, Optional<Instant> expires) {
    String id = putQuietly(vault, name, value, expires);
    publish(new SecretEvent(SecretEvent.Type.NEW_VERSION, vault, name, id, Instant.now()));
    return id;
  }

  /** Stores a new current version without telling anyone, like a source that cannot push. */
  public String putQuietly(String vault, String name, String value, Optional<Instant> expires) {
    String id = String.format("%032x", versions.incrementAndGet());
    secrets
        .computeIfAbsent(vault + "/" + name, k -> new CopyOnWriteArrayList<>())
        .add(new Version(id, SecretValue.of(value), expires));
    return id;
  }

  /** Lets {@code principal} read the values of {@code vault/name}. */
  public void grant(String principal, String vault, String name) {
    readers.computeIfAbsent(vault + "/" + name, k -> ConcurrentHashMap.newKeySet()).add(principal);
  }

  /**
   * Answers {@link #readability} from what it holds (off by default: the source then cannot tell,
   * as a source without that knowledge answers, and every reference loads).
   */
  public void tellReadability(boolean tells) {
    this.tellsReadability = tells;
  }

  @Override
  public CompletionStage<Readability> readability(SecretRef ref) {
    if (!tellsReadability || unreachable) {
      return CompletableFuture.completedFuture(Readability.UNKNOWN);
    }
    String key = ref.vault() + "/" + ref.name();
    if (secrets.getOrDefault(key, List.of()).isEmpty()) {
      return CompletableFuture.completedFuture(Readability.NOT_FOUND);
    }
    return CompletableFuture.completedFuture(
        readers.getOrDefault(key, Set.of()).isEmpty()
            ? Readability.NO_READER
            : Readability.READABLE);
  }

  /** Lets {@code principal} read the values of {@code vault/name}, and says so (ACCESS_CHANGED). */
  public void grantAndPublish(String principal, String vault, String name) {
    grant(principal, vault, name);
    publish(new SecretEvent(SecretEvent.Type.ACCESS_CHANGED, vault, name, "", Instant.now()));
  }

  /** Every call fails as if the source were down (503). */
  public void unreachable(boolean down) {
    this.unreachable = down;
  }

  /** Holds answers until {@link #release()}, to let many requests meet a cold cache. */
  public void hold() {
    holding = true;
  }

  public void release() {
    holding = false;
    List<CompletableFuture<Void>> waiting = new ArrayList<>(held);
    held.clear();
    waiting.forEach(f -> f.complete(null));
  }

  /** The callers that asked for {@code vault/name}, in order. */
  public List<Caller> callersOf(String vault, String name) {
    return asked.stream()
        .filter(a -> a.ref().vault().equals(vault) && a.ref().name().equals(name))
        .map(Asked::caller)
        .toList();
  }

  public int calls() {
    return calls.get();
  }

  @Override
  public CompletionStage<ResolvedSecret> resolve(SecretRef ref, Caller caller) {
    calls.incrementAndGet();
    asked.add(new Asked(ref, caller));
    if (!holding) {
      return answer(ref, caller);
    }
    CompletableFuture<Void> gate = new CompletableFuture<>();
    held.add(gate);
    return gate.thenCompose(v -> answer(ref, caller));
  }

  private CompletableFuture<ResolvedSecret> answer(SecretRef ref, Caller caller) {
    if (unreachable) {
      return CompletableFuture.failedFuture(
          new SecretAccessException(503, "ServiceUnavailable", "the source is unreachable"));
    }
    String key = ref.vault() + "/" + ref.name();
    List<Version> all = secrets.get(key);
    if (all == null || all.isEmpty()) {
      return CompletableFuture.failedFuture(
          new SecretAccessException(404, "SecretNotFound", "secret " + key + " does not exist"));
    }
    Set<String> allowed = readers.getOrDefault(key, Set.of());
    if (caller.principals().stream().noneMatch(allowed::contains)) {
      return CompletableFuture.failedFuture(
          new SecretAccessException(
              403,
              "ForbiddenByRbac",
              "caller may not read the value of secret " + key + " (action secrets/get)"));
    }
    Version version =
        ref.version()
            .flatMap(v -> all.stream().filter(x -> x.id().equals(v)).findFirst())
            .orElse(all.get(all.size() - 1));
    return CompletableFuture.completedFuture(
        new ResolvedSecret(ref, version.value(), version.id(), version.expires()));
  }

  /** Sends {@code event} to every subscriber, as the vault does when a change commits. */
  public void publish(SecretEvent event) {
    listeners.forEach(l -> l.accept(event));
  }

  @Override
  public AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
