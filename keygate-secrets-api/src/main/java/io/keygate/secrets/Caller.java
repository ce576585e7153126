package io.keygate.secrets;

import java.util.List;
import java.util.Objects;

/**
 * Who a secret is asked for, and in which context: the authenticated principals of a gateway
 * request ({@code user:<id>}, {@code group:<name>}, {@code app:<client-id>}, {@code key:<id>}), the
 * gateway node that asks on their behalf, and the API the request is for. Sources check the
 * principals' rights and write both names into the audit entry.
 *
 * @param principals the caller's principals, most specific first
 * @param node the gateway node asking on the caller's behalf
 * @param api the API the request is for, or empty outside a request
 * @param requestId the request's id, for the audit entry, or empty
 */
public record Caller(List<String> principals, String node, String api, String requestId) {
  public Caller {
    principals = List.copyOf(principals);
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(requestId, "requestId");
  }

  /** A caller outside any particular request. */
  public Caller(List<String> principals, String node, String api) {
    this(principals, node, api, "");
  }
}
