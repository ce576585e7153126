package io.keygate.gateway.credentials;

import io.keygate.gateway.chain.Chain;
import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.chain.GatewayException;
import io.keygate.gateway.chain.Step;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretValue;
import io.vertx.core.Future;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The chain step that puts the values {@link ResolveCredentials} found into the upstream request: a
 * header (replacing any header of that name the client sent, never appending), a query parameter
 * (the client's parameter of that name removed first), or {@code Authorization: Basic
 * base64(user:password)}, or the TLS client certificate the upstream connection presents (a {@link
 * ClientCertificate} left in the exchange for {@code Forward}). The values are dropped from the
 * exchange once injected.
 */
public final class InjectCredentials implements Step {

  @Override
  public Future<Void> apply(Exchange exchange, Chain chain) {
    List<InjectPlan> plans = InjectPlan.of(exchange.api());
    if (plans.isEmpty()) {
      return chain.proceed(exchange);
    }
    @SuppressWarnings("unchecked")
    Map<SecretRef, ResolvedSecret> resolved =
        (Map<SecretRef, ResolvedSecret>)
            exchange.attributes().remove(ResolveCredentials.RESOLVED_ATTRIBUTE);
    if (resolved == null) {
      // The chain is declared so that this cannot happen; refuse rather than forward bare.
      return Future.failedFuture(
          new GatewayException(
              500, "CredentialsNotResolved", "Credentials were not resolved for this API"));
    }
    try {
      inject(exchange, plans, resolved);
    } catch (RuntimeException e) {
      return Future.failedFuture(CredentialErrors.of(e, null));
    }
    return chain.proceed(exchange);
  }

  /**
   * Renders every plan with {@code resolved} and sets the results on the upstream request. Running
   * it again with newer values replaces what an earlier run set (headers are set, query parameters
   * of that name removed first), which is what a retry after a rotation needs.
   */
  static void inject(
      Exchange exchange, List<InjectPlan> plans, Map<SecretRef, ResolvedSecret> resolved) {
    for (InjectPlan plan : plans) {
      if (plan.target() == InjectPlan.Target.CLIENT_CERTIFICATE) {
        SecretRef ref = plan.template().refs(exchange.identity().claims()).get(0);
        exchange
            .attributes()
            .put(ClientCertificate.ATTRIBUTE, ClientCertificate.of(ref, resolved.get(ref)));
        continue;
      }
      SecretValue value =
          plan.template().render(exchange.identity().claims(), ref -> resolved.get(ref).value());
      switch (plan.target()) {
        case HEADER -> exchange.upstreamHeaders().set(plan.name(), value.reveal());
        case BASIC ->
            exchange
                .upstreamHeaders()
                .set(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(value.reveal().getBytes(StandardCharsets.UTF_8)));
        case QUERY -> exchange.upstreamPath(withQuery(exchange.upstreamPath(), plan.name(), value));
      }
    }
  }

  /** {@code pathAndQuery} with every {@code name=...} pair replaced by one with {@code value}. */
  static String withQuery(String pathAndQuery, String name, SecretValue value) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    StringBuilder query = new StringBuilder();
    if (q >= 0) {
      for (String pair : pathAndQuery.substring(q + 1).split("&", -1)) {
        int eq = pair.indexOf('=');
        String rawName = eq < 0 ? pair : pair.substring(0, eq);
        if (pair.isEmpty() || name.equals(decode(rawName))) {
          continue;
        }
        query.append(query.isEmpty() ? "" : "&").append(pair);
      }
    }
    query
        .append(query.isEmpty() ? "" : "&")
        .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
        .append('=')
        .append(URLEncoder.encode(value.reveal(), StandardCharsets.UTF_8));
    return path + "?" + query;
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return raw;
    }
  }
}
