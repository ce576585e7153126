package io.keygate.gateway;

import io.keygate.gateway.accesslog.AccessLog;
import io.keygate.gateway.auth.Authenticate;
import io.keygate.gateway.auth.AuthenticatorFactory;
import io.keygate.gateway.chain.ChainRunner;
import io.keygate.gateway.chain.KeylessOnly;
import io.keygate.gateway.chain.RequestId;
import io.keygate.gateway.chain.Step;
import io.keygate.gateway.config.DefinitionRegistry;
import io.keygate.gateway.credentials.CredentialSettings;
import io.keygate.gateway.credentials.InjectCredentials;
import io.keygate.gateway.credentials.NoCredentials;
import io.keygate.gateway.credentials.ResolveCredentials;
import io.keygate.gateway.credentials.RetryOnRotation;
import io.keygate.gateway.credentials.SecretResolver;
import io.keygate.gateway.policy.Authorize;
import io.keygate.gateway.proxy.Forward;
import io.keygate.gateway.proxy.UpstreamClients;
import io.keygate.gateway.ratelimit.RateLimit;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The order of the gateway's steps, declared once, top to bottom. */
final class GatewayChain {
  private GatewayChain() {}

  static ChainRunner build(
      GatewayServices services,
      DefinitionRegistry definitions,
      UpstreamClients upstreams,
      String nodeName,
      CredentialSettings credentials,
      MeterRegistry meters) {
    List<Step> steps = new ArrayList<>();
    steps.add(new RequestId());
    steps.add(new AccessLog());
    if (services.keys() != null) {
      steps.add(new Authenticate(new AuthenticatorFactory(services.keys(), services.jwt())));
      steps.add(new Authorize(() -> definitions.current().policies()));
      steps.add(new RateLimit(services.quotas()));
    } else {
      steps.add(new KeylessOnly());
    }
    RetryOnRotation retry = null;
    if (services.secrets() != null) {
      SecretResolver resolver =
          SecretResolver.create(services.secrets(), credentials.resolver(), Clock.systemUTC());
      resolver.bindTo(meters);
      steps.add(new ResolveCredentials(resolver, nodeName));
      steps.add(new InjectCredentials());
      // Not a step: it needs the upstream's answer before it is relayed (see its Javadoc).
      retry = RetryOnRotation.create(resolver, nodeName, credentials.retry(), meters);
    } else {
      steps.add(new NoCredentials());
    }
    steps.add(new Forward(upstreams, retry));
    return new ChainRunner(steps);
  }
}
