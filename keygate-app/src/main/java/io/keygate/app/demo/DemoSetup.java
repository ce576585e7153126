package io.keygate.app.demo;

import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.secrets.SecretValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes the demo's API and policy definitions and creates its API key, in the demo's data folder,
 * before the node starts (the node then loads them like any others).
 */
final class DemoSetup {
  static final String API = "demo";
  static final String POLICY = "demo";

  private DemoSetup() {}

  static void writeDefinitions(Path apis, Path policies, String upstreamUrl) throws IOException {
    Files.createDirectories(apis);
    Files.createDirectories(policies);
    Files.writeString(
        apis.resolve("demo.yaml"),
        """
        # Written by `keygate demo`: an API behind an API key, on the demo upstream.
        name: demo
        listen: { path: /demo/, strip: true }
        upstream: { url: "%s", connectTimeout: 2s, readTimeout: 10s }
        auth:
          apiKey: {}            # Authorization: Bearer <key>
        """
            .formatted(upstreamUrl));
    Files.writeString(
        apis.resolve("demo-public.yaml"),
        """
        # Written by `keygate demo`: a deliberately open API (no key).
        name: demo-public
        listen: { path: /public/, strip: true }
        upstream: { url: "%s" }
        auth: { keyless: true }
        public: true            # keyless on purpose: `keygate check` asks for this
        """
            .formatted(upstreamUrl));
    Files.writeString(
        policies.resolve("demo.yaml"),
        """
        # Written by `keygate demo`: what the demo key may do.
        name: demo
        access: [demo]
        rate: { requests: 5, per: 10s }
        quota: { max: 1000, per: 1d }
        """);
  }

  /** Creates a demo key in the node's key store; the value is shown once, by the caller. */
  static SecretValue createKey(Path dataDir) {
    try (GatewayDatabase db = GatewayDatabase.sqlite(dataDir);
        ApiKeys keys = ApiKeys.open(db, KeyHasher.loadOrCreate(dataDir))) {
      return keys.create(POLICY, "demo", Duration.ofDays(30)).key();
    } catch (Exception e) {
      throw new IllegalStateException("could not create the demo key: " + e.getMessage(), e);
    }
  }
}
