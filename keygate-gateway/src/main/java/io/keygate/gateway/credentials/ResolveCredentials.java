package io.keygate.gateway.credentials;

import io.keygate.gateway.accesslog.AccessLog;
import io.keygate.gateway.chain.Chain;
import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.Identity;
import io.keygate.gateway.chain.Step;
import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretRef;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The chain step that resolves every secret reference of the API's {@code inject:} entries on
 * behalf of the authenticated caller ({@code Caller(identity.principals(), node, api)}), through
 * the {@link SecretResolver}. On success the values wait in the exchange for {@link
 * InjectCredentials} and the versions used are recorded under {@link #VERSIONS_ATTRIBUTE}; on
 * failure the caller gets the mapped JSON error and nothing reaches the upstream. APIs without
 * {@code inject:} pass through.
 */
public final class ResolveCredentials implements Step {
  /** {@code Map<String, String>}: {@code vault/name} of each secret injected, to its version. */
  public static final String VERSIONS_ATTRIBUTE = AccessLog.SECRET_VERSIONS;

  static final String RESOLVED_ATTRIBUTE = "keygate.credentials.resolved";

  /**
   * {@code Map<SecretRef, String>}: each reference resolved for this exchange to the version
   * injected (no values), for {@link RetryOnRotation}.
   */
  static final String CARRIED_ATTRIBUTE = "keygate.credentials.carried";

  private final SecretResolver resolver;
  private final String node;

  public ResolveCredentials(SecretResolver resolver, String node) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.node = Objects.requireNonNull(node, "node");
  }

  @Override
  public Future<Void> apply(Exchange exchange, Chain chain) {
    List<InjectPlan> plans = InjectPlan.of(exchange.api());
    if (plans.isEmpty()) {
      return chain.proceed(exchange);
    }
    Identity identity = exchange.identity();
    Set<SecretRef> refs = new LinkedHashSet<>();
    try {
      for (InjectPlan plan : plans) {
        refs.addAll(plan.template().refs(identity.claims()));
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(CredentialErrors.of(e, null));
    }
    Caller caller =
        new Caller(identity.principals(), node, exchange.api().name(), exchange.requestId());
    Context context = Vertx.currentContext();
    List<Future<ResolvedSecret>> pending = new ArrayList<>(refs.size());
    for (SecretRef ref : refs) {
      Future<ResolvedSecret> one =
          context == null
              ? Future.fromCompletionStage(resolver.resolve(ref, caller))
              : Future.fromCompletionStage(resolver.resolve(ref, caller), context);
      pending.add(one.recover(error -> Future.failedFuture(CredentialErrors.of(error, ref))));
    }
    return Future.all(pending)
        .compose(
            all -> {
              Map<SecretRef, ResolvedSecret> resolved = new LinkedHashMap<>();
              Map<String, String> versions = new TreeMap<>();
              Map<SecretRef, String> carried = new LinkedHashMap<>();
              int i = 0;
              for (SecretRef ref : refs) {
                // Keyed by the reference as asked, which is what the templates render again.
                ResolvedSecret secret = pending.get(i++).result();
                resolved.put(ref, secret);
                carried.put(ref, secret.version());
                versions.put(ref.vault() + "/" + ref.name(), secret.version());
              }
              exchange.attributes().put(RESOLVED_ATTRIBUTE, resolved);
              exchange.attributes().put(VERSIONS_ATTRIBUTE, Map.copyOf(versions));
              exchange.attributes().put(CARRIED_ATTRIBUTE, carried);
              return chain.proceed(exchange);
            });
  }
}
