package io.keygate.gateway.credentials;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.keygate.gateway.config.ApiDefinition;
import io.keygate.secrets.SecretTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code inject:} entry, parsed: where the credential goes and the template that renders it.
 * Plans are parsed once per loaded API definition (the definition was validated on load, so parsing
 * here does not fail for a served API).
 *
 * @param target where the rendered value goes
 * @param name the header or query parameter name ({@code Authorization} for Basic; null for a
 *     client certificate)
 * @param template the value, with secret references and claim placeholders
 */
record InjectPlan(Target target, String name, SecretTemplate template) {
  enum Target {
    HEADER,
    QUERY,
    BASIC,
    /** The TLS client certificate of the connection to the upstream (mTLS). */
    CLIENT_CERTIFICATE
  }

  /** Parsed plans per definition object; weak keys, so a reloaded definition's plans go away. */
  private static final Cache<ApiDefinition, List<InjectPlan>> PLANS =
      Caffeine.newBuilder().weakKeys().build();

  static List<InjectPlan> of(ApiDefinition api) {
    if (api.inject() == null || api.inject().isEmpty()) {
      return List.of();
    }
    return PLANS.get(api, InjectPlan::parse);
  }

  private static List<InjectPlan> parse(ApiDefinition api) {
    List<InjectPlan> plans = new ArrayList<>();
    for (ApiDefinition.Inject inject : api.inject()) {
      if (inject.clientCertificate() != null) {
        plans.add(
            new InjectPlan(
                Target.CLIENT_CERTIFICATE, null, SecretTemplate.parse(inject.clientCertificate())));
        continue;
      }
      SecretTemplate template = SecretTemplate.parse(inject.value());
      if (inject.header() != null) {
        plans.add(new InjectPlan(Target.HEADER, inject.header(), template));
      } else if (inject.query() != null) {
        plans.add(new InjectPlan(Target.QUERY, inject.query(), template));
      } else {
        plans.add(new InjectPlan(Target.BASIC, "Authorization", template));
      }
    }
    return List.copyOf(plans);
  }
}
