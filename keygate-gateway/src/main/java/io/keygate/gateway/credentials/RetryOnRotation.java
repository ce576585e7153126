package io.keygate.gateway.credentials;

import io.keygate.gateway.accesslog.AccessLog;
import io.keygate.gateway.chain.Exchange;
import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Step 3 of DESIGN.md's rotation mechanism: when the upstream answers 401 or 403 to a request that
 * carried an injected credential, and the source now has a newer version of it (or has the secret
 * marked as rotating and publishes the new version within {@link RetrySettings#waitForRotation}),
 * the request is injected again with the new version and sent once more.
 *
 * <p>It is a collaborator of {@code Forward} rather than a chain step of its own: the chain's
 * contract hands an exchange on and gets back only "done", while this decision needs the upstream's
 * status before anything is relayed, and the request's body kept for a second send. {@code Forward}
 * owns both (it buffers a replayable body up front, holds the refused answer unread, asks {@link
 * #reinject}, and either discards the refusal and sends again, or relays it).
 *
 * <p>A request is replayable when it carried a credential, its API allows it ({@code
 * retryOnRotation}: idempotent methods by default, {@code all}, or {@code never}), and its body is
 * at most {@link RetrySettings#bodyLimit} by its {@code Content-Length}; a larger or chunked body
 * is streamed as always and its refusal relayed. Each decision is counted in {@code
 * keygate_gateway_credential_retries_total{api,outcome}} and written to the access log ({@code
 * credentialRetry}).
 */
public final class RetryOnRotation implements AutoCloseable {
  /** The exchange attribute naming the retry's outcome, for the access log. */
  public static final String OUTCOME_ATTRIBUTE = AccessLog.CREDENTIAL_RETRY;

  /** What became of a request whose credential the upstream refused. */
  public enum Outcome {
    /** Sent again with the new version; the upstream accepted it. */
    SUCCEEDED("succeeded"),
    /** Sent again with the new version; the upstream refused it too. */
    REFUSED_AGAIN("refused_again"),
    /** Sent again; the second send failed (upstream unreachable, timeout). */
    FAILED("failed"),
    /** The source has no newer version: the upstream's refusal was relayed. */
    NO_NEW_VERSION("no_new_version"),
    /** The request could not be replayed (streamed body, method or API setting). */
    NOT_REPLAYABLE("not_replayable");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private static final Set<HttpMethod> IDEMPOTENT =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.OPTIONS,
          HttpMethod.PUT,
          HttpMethod.DELETE,
          HttpMethod.TRACE);

  private final SecretResolver resolver;
  private final RotationWatch watch;
  private final String node;
  private final RetrySettings settings;
  private final MeterRegistry meters;

  private RetryOnRotation(
      SecretResolver resolver,
      RotationWatch watch,
      String node,
      RetrySettings settings,
      MeterRegistry meters) {
    this.resolver = resolver;
    this.watch = watch;
    this.node = node;
    this.settings = settings;
    this.meters = meters;
  }

  /**
   * Retries through {@code resolver} (the one {@link ResolveCredentials} uses, so a reload serves
   * the next requests too), watching {@code resolver}'s source for rotations.
   */
  public static RetryOnRotation create(
      SecretResolver resolver, String node, RetrySettings settings, MeterRegistry meters) {
    return new RetryOnRotation(
        Objects.requireNonNull(resolver, "resolver"),
        new RotationWatch(resolver.source()),
        Objects.requireNonNull(node, "node"),
        Objects.requireNonNull(settings, "settings"),
        Objects.requireNonNull(meters, "meters"));
  }

  /** Whether the exchange carried an injected credential (so a 401/403 may concern it). */
  public boolean carriesCredential(Exchange exchange) {
    Map<SecretRef, String> carried = carried(exchange);
    return carried != null && !carried.isEmpty();
  }

  /**
   * Whether a refusal of this exchange's credential may be answered by a replay, judged on the
   * method and the API's {@code retryOnRotation} (the body is {@code Forward}'s to judge, against
   * {@link #bodyLimit()}).
   */
  public boolean mayReplay(Exchange exchange) {
    if (!carriesCredential(exchange)) {
      return false;
    }
    String setting = exchange.api().retryOnRotation();
    if ("never".equals(setting)) {
      return false;
    }
    return "all".equals(setting) || IDEMPOTENT.contains(exchange.request().method());
  }

  /** The largest body that is buffered to be replayable. */
  public long bodyLimit() {
    return settings.bodyLimit();
  }

  /**
   * After the upstream refused the exchange's credential: finds the current version of every
   * reference it carried (from the cache if an event already brought a newer one, else from the
   * source, bypassing the cache, after waiting for a rotating secret's new version), and when any
   * is newer than what was carried, injects the new values into the exchange. Completes with
   * whether the request should be sent again; never fails (a resolution that fails means no retry,
   * and the refusal is relayed).
   */
  public Future<Boolean> reinject(Exchange exchange) {
    Map<SecretRef, String> carried = carried(exchange);
    if (carried == null || carried.isEmpty()) {
      return Future.succeededFuture(false);
    }
    Caller caller =
        new Caller(
            exchange.identity().principals(), node, exchange.api().name(), exchange.requestId());
    List<CompletableFuture<ResolvedSecret>> current = new ArrayList<>(carried.size());
    carried.forEach((ref, version) -> current.add(current(ref, version, caller)));
    CompletableFuture<Boolean> decided =
        CompletableFuture.allOf(current.toArray(CompletableFuture[]::new))
            .handle(
                (all, error) -> {
                  if (error != null) {
                    return false;
                  }
                  return inject(exchange, carried, current);
                });
    Context context = Vertx.currentContext();
    return context == null
        ? Future.fromCompletionStage(decided)
        : Future.fromCompletionStage(decided, context);
  }

  /**
   * The version to retry with. Not newer than what was carried: wait for a rotating secret's next
   * version (not rotating: no wait), then read past the cache. Newer, but yet another rotation
   * already under way (rotations close together): wait for that one too, or the retry would carry a
   * version the target has just left behind.
   */
  private CompletableFuture<ResolvedSecret> current(SecretRef ref, String carried, Caller caller) {
    CompletionStage<ResolvedSecret> cached = resolver.resolve(ref, caller);
    return cached
        .thenCompose(
            secret -> {
              boolean newer = !secret.version().equals(carried);
              if (newer && !watch.isRotating(ref.vault(), ref.name())) {
                return CompletableFuture.completedFuture(secret);
              }
              return watch
                  .nextVersion(ref.vault(), ref.name(), settings.waitForRotation())
                  .thenCompose(ignored -> resolver.reload(ref, caller));
            })
        .toCompletableFuture();
  }

  /** Injects the new values; false (nothing changed) when no reference has a newer version. */
  private static boolean inject(
      Exchange exchange,
      Map<SecretRef, String> carried,
      List<CompletableFuture<ResolvedSecret>> current) {
    Map<SecretRef, ResolvedSecret> resolved = new LinkedHashMap<>();
    Map<SecretRef, String> nowCarried = new LinkedHashMap<>();
    Map<String, String> versions = new TreeMap<>();
    boolean newer = false;
    int i = 0;
    for (Map.Entry<SecretRef, String> e : carried.entrySet()) {
      ResolvedSecret secret = current.get(i++).join();
      newer |= !secret.version().equals(e.getValue());
      resolved.put(e.getKey(), secret);
      nowCarried.put(e.getKey(), secret.version());
      versions.put(e.getKey().vault() + "/" + e.getKey().name(), secret.version());
    }
    if (!newer) {
      return false;
    }
    InjectCredentials.inject(exchange, InjectPlan.of(exchange.api()), resolved);
    exchange.attributes().put(ResolveCredentials.CARRIED_ATTRIBUTE, nowCarried);
    exchange.attributes().put(ResolveCredentials.VERSIONS_ATTRIBUTE, Map.copyOf(versions));
    return true;
  }

  /** Counts the outcome and records it on the exchange for the access log. */
  public void record(Exchange exchange, Outcome outcome) {
    exchange.attributes().put(OUTCOME_ATTRIBUTE, outcome.label());
    Counter.builder("keygate.gateway.credential.retries")
        .description(
            "Requests whose injected credential the upstream refused (401/403), by outcome")
        .tag("api", exchange.api().name())
        .tag("outcome", outcome.label())
        .register(meters)
        .increment();
  }

  @SuppressWarnings("unchecked")
  private static Map<SecretRef, String> carried(Exchange exchange) {
    return (Map<SecretRef, String>) exchange.attributes().get(ResolveCredentials.CARRIED_ATTRIBUTE);
  }

  /** Stops watching the source's rotations. */
  @Override
  public void close() {
    watch.close();
  }
}
