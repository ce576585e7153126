package io.keygate.sources;

import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link SecretSource} over the sources a node has configured, chosen by each reference's
 * scheme ({@link SecretRef#source()}): the embedded vault for references without one, and {@code
 * azure}, {@code hashicorp}, {@code keygate}, {@code env}, {@code file} where {@code sources:} in
 * keygate.yaml configures them.
 *
 * <p>Guarantees: a reference whose scheme is not configured fails with 500 {@code
 * SourceNotConfigured} naming the scheme and the missing {@code sources.<scheme>} key, and {@link
 * #unservable} says the same at load time; {@link #subscribe} subscribes to every source and the
 * handle unsubscribes from all; {@link #close} closes every source that is {@link AutoCloseable},
 * in reverse order.
 */
public final class RoutingSecretSource implements SecretSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RoutingSecretSource.class);

  private final Map<String, SecretSource> routes;

  private RoutingSecretSource(Map<String, SecretSource> routes) {
    this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
  }

  /** A router with no sources yet; add them with {@link Builder#route}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The schemes this router serves, in the order they were added. */
  public Set<String> schemes() {
    return routes.keySet();
  }

  @Override
  public CompletionStage<ResolvedSecret> resolve(SecretRef ref, Caller caller) {
    SecretSource source = routes.get(ref.source());
    if (source == null) {
      return CompletableFuture.failedFuture(
          new SecretAccessException(500, "SourceNotConfigured", notConfigured(ref)));
    }
    try {
      return source.resolve(ref, caller);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public Optional<String> unservable(SecretRef ref) {
    SecretSource source = routes.get(ref.source());
    return source == null ? Optional.of(notConfigured(ref)) : source.unservable(ref);
  }

  /** The routed source's answer; {@code UNKNOWN} for an unconfigured scheme (see unservable). */
  @Override
  public CompletionStage<Readability> readability(SecretRef ref) {
    SecretSource source = routes.get(ref.source());
    if (source == null) {
      return CompletableFuture.completedFuture(Readability.UNKNOWN);
    }
    try {
      return source.readability(ref);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(Readability.UNKNOWN);
    }
  }

  @Override
  public AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    List<AutoCloseable> handles = new ArrayList<>();
    for (SecretSource source : routes.values()) {
      handles.add(source.subscribe(listener));
    }
    return () -> closeAll(handles, "unsubscribing from a secret source");
  }

  @Override
  public void close() {
    List<AutoCloseable> closeable = new ArrayList<>();
    for (SecretSource source : routes.values()) {
      if (source instanceof AutoCloseable c) {
        closeable.add(c);
      }
    }
    closeAll(closeable, "closing a secret source");
  }

  private static void closeAll(List<AutoCloseable> handles, String what) {
    List<AutoCloseable> reversed = new ArrayList<>(handles);
    Collections.reverse(reversed);
    for (AutoCloseable handle : reversed) {
      try {
        handle.close();
      } catch (Exception e) {
        log.warn("{} failed: {}", what, e.toString());
      }
    }
  }

  private static String notConfigured(SecretRef ref) {
    String scheme = ref.source();
    String key =
        switch (scheme) {
          case "env", "file" -> "sources." + scheme + ": { enabled: true }";
          case SecretRef.EMBEDDED -> "the embedded vault";
          default -> "sources." + scheme;
        };
    return "secret reference "
        + ref
        + " names the source '"
        + scheme
        + "', which this node has not configured: add "
        + key
        + " to keygate.yaml (see docs/SOURCES.md)";
  }

  /** Collects the routes. */
  public static final class Builder {
    private final Map<String, SecretSource> routes = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Serves references with {@code scheme} ({@link SecretRef#EMBEDDED} for those without one) from
     * {@code source}. A scheme may be routed once.
     */
    public Builder route(String scheme, SecretSource source) {
      if (routes.putIfAbsent(scheme, source) != null) {
        throw new IllegalArgumentException("the scheme '" + scheme + "' is routed twice");
      }
      return this;
    }

    public RoutingSecretSource build() {
      return new RoutingSecretSource(routes);
    }
  }
}
