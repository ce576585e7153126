package io.keygate.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.gateway.chain.Identity;
import io.keygate.gateway.config.ApiDefinition;
import io.keygate.gateway.config.PolicyDefinition;
import io.keygate.gateway.config.PolicyDefinition.Access;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PolicyResolverTest {
  private final PolicyDefinition keyPolicy = policy("key-policy", List.of());
  private final PolicyDefinition groupPolicy = policy("group-policy", List.of("group:finance"));
  private final PolicyDefinition appPolicy = policy("app-policy", List.of("app:billing"));
  private final PolicyDefinition apiPolicy = policy("api-policy", List.of());
  private final AtomicReference<Map<String, PolicyDefinition>> policies =
      new AtomicReference<>(
          Map.of(
              "key-policy", keyPolicy,
              "group-policy", groupPolicy,
              "app-policy", appPolicy,
              "api-policy", apiPolicy));
  private final PolicyResolver resolver = new PolicyResolver(policies::get);
  private final ApiDefinition api = api("api-policy");

  @Test
  void theCredentialsPolicy_comesFirst() {
    Identity key = new Identity(List.of("key:k1", "group:finance"), "k1", "key-policy", Map.of());

    assertThat(resolver.resolve(key, api).policy()).isSameAs(keyPolicy);
  }

  @Test
  void aPolicyBoundToAPrincipal_comesBeforeTheApisPolicy_mostSpecificPrincipalFirst() {
    Identity user =
        new Identity(List.of("user:ann", "app:billing", "group:finance"), "ann", "", Map.of());

    assertThat(resolver.resolve(user, api).policy()).isSameAs(appPolicy);
  }

  @Test
  void theApisPolicy_appliesWhenNothingElseDoes() {
    Identity user = new Identity(List.of("user:bob"), "bob", "", Map.of());

    assertThat(resolver.resolve(user, api).policy()).isSameAs(apiPolicy);
    assertThat(resolver.resolve(user, api(null))).isEqualTo(PolicyResolver.Resolution.NONE);
  }

  @Test
  void aNamedPolicyThatIsNotDefined_isReportedMissing() {
    Identity key = new Identity(List.of("key:k1"), "k1", "gone", Map.of());

    PolicyResolver.Resolution r = resolver.resolve(key, api);

    assertThat(r.missing()).isTrue();
    assertThat(r.missingPolicy()).isEqualTo("gone");
    assertThat(resolver.resolve(Identity.ANONYMOUS, api("also-gone")).missingPolicy())
        .isEqualTo("also-gone");
  }

  @Test
  void reloadedDefinitions_areUsedOnTheNextCall() {
    Identity user = new Identity(List.of("group:finance"), "x", "", Map.of());
    assertThat(resolver.resolve(user, api).policy()).isSameAs(groupPolicy);

    PolicyDefinition rebound = policy("rebound", List.of("group:finance"));
    policies.set(Map.of("rebound", rebound, "api-policy", apiPolicy));

    assertThat(resolver.resolve(user, api).policy()).isSameAs(rebound);
  }

  @Test
  void accessRules_matchApiMethodAndPathGlobs() {
    PolicyDefinition p =
        new PolicyDefinition(
            "p",
            List.of(
                Access.ofName("search"),
                new Access("orders", List.of("get", "HEAD"), List.of("/items/*", "/reports/**"))),
            null,
            null,
            List.of());

    assertThat(resolver.allows(p, "search", "DELETE", "/anything")).isTrue();
    assertThat(resolver.allows(p, "orders", "GET", "/items/42")).isTrue();
    assertThat(resolver.allows(p, "orders", "HEAD", "/items/42")).isTrue();
    assertThat(resolver.allows(p, "orders", "GET", "/items/42/lines")).isFalse();
    assertThat(resolver.allows(p, "orders", "GET", "/reports")).isTrue();
    assertThat(resolver.allows(p, "orders", "GET", "/reports/2026/q1")).isTrue();
    assertThat(resolver.allows(p, "orders", "GET", "/reportsx")).isFalse();
    assertThat(resolver.allows(p, "orders", "POST", "/items/42")).isFalse();
    assertThat(resolver.allows(p, "billing", "GET", "/items/42")).isFalse();
  }

  @Test
  void globCharacters_otherThanStars_areLiteral() {
    PolicyDefinition p =
        new PolicyDefinition(
            "p", List.of(new Access("a", List.of(), List.of("/v1.0/(x)"))), null, null, List.of());

    assertThat(resolver.allows(p, "a", "GET", "/v1.0/(x)")).isTrue();
    assertThat(resolver.allows(p, "a", "GET", "/v1x0/(x)")).isFalse();
  }

  @Test
  void wildcardApi_grantsEveryApi() {
    PolicyDefinition p =
        new PolicyDefinition("p", List.of(Access.ofName("*")), null, null, List.of());

    assertThat(resolver.allows(p, "anything", "GET", "/")).isTrue();
  }

  @Test
  void relativePath_isThePathBelowTheListenPath() {
    ApiDefinition orders = api("x");

    assertThat(Authorize.relativePath(orders, "/orders/items/1")).isEqualTo("/items/1");
    assertThat(Authorize.relativePath(orders, "/orders")).isEqualTo("/");
    assertThat(Authorize.relativePath(orders, "/orders/")).isEqualTo("/");
  }

  private static PolicyDefinition policy(String name, List<String> principals) {
    return new PolicyDefinition(name, List.of(Access.ofName("orders")), null, null, principals);
  }

  private static ApiDefinition api(String policy) {
    return new ApiDefinition(
        "orders",
        new ApiDefinition.Listen("/orders/", true, null),
        new ApiDefinition.Upstream("http://127.0.0.1:9", null, null, null),
        new ApiDefinition.Auth(null, null, true),
        policy,
        List.of(),
        null);
  }
}
