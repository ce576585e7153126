package io.keygate.app.demo;

import io.keygate.secrets.SecretValue;
import java.nio.file.Path;

/** The text {@code keygate demo} prints: what runs where, and curl commands to paste. */
final class DemoInstructions {
  private DemoInstructions() {}

  static String text(
      String gatewayHost,
      int gatewayPort,
      String adminHost,
      int adminPort,
      SecretValue key,
      Path tokenFile,
      Path apis) {
    String gateway = "http://" + hostForUrl(gatewayHost) + ":" + gatewayPort;
    String admin = "https://" + hostForUrl(adminHost) + ":" + adminPort;
    String k = key.reveal();
    return """

        Keygate demo is running.
          gateway:  %1$s
          admin:    %2$s  (token in %4$s)
          APIs:     %5$s (edit them: changes apply within a second)

        The demo key (shown once; policy 'demo': 5 requests per 10 seconds, 1000 per day):
          %3$s

        Try these:

          # 1. Through the gateway with the key: the upstream echoes what it received, including
          #    X-Upstream-Token, which the gateway read from the vault on the demo key's behalf
          curl -s -H 'Authorization: Bearer %3$s' %1$s/demo/hello

          # 2. Without a key: 401
          curl -s -i %1$s/demo/hello

          # 3. A keyless API
          curl -s %1$s/public/anything?x=1

          # 4. Over the rate limit: 200s, then 429 with Retry-After
          for i in 1 2 3 4 5 6 7 8; do curl -s -o /dev/null -w '%%{http_code} ' -H 'Authorization: Bearer %3$s' %1$s/demo/hello; done; echo

          # 5. An ambiguous path is refused: 400
          curl -s --path-as-is %1$s/demo/..%%2Fadmin

          # 6. Metrics (admin listener, self-signed certificate, admin token)
          curl -sk -H "Authorization: Bearer $(cat '%4$s')" %2$s/metrics | grep '^keygate_requests'

        Press Ctrl-C to stop.
        """
        .formatted(gateway, admin, k, tokenFile, apis);
  }

  private static String hostForUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
