package io.keygate.gateway.chain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who the caller is, once authenticated.
 *
 * @param principals {@code user:<id>}, {@code group:<name>}, {@code app:<client-id>} or {@code
 *     key:<id>}, most specific first
 * @param consumer the name the access log and metrics use for the caller (a key's alias or id, a
 *     token's subject); never a credential
 * @param policy the policy that applies, when the credential carries one (an API key does), else
 *     empty and the API's policy applies
 * @param claims the token's claims for JWT callers (for templating such as {@code ${claim.tid}}),
 *     empty otherwise
 */
public record Identity(
    List<String> principals, String consumer, String policy, Map<String, Object> claims) {
  public static final Identity ANONYMOUS = new Identity(List.of(), "anonymous", "", Map.of());

  public Identity {
    principals = List.copyOf(principals);
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(policy, "policy");
    claims = Map.copyOf(claims);
  }
}
