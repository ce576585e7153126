package io.keygate.app.demo;

import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.CreatedKey;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import io.keygate.vault.rotation.Rotation;
import io.keygate.vault.rotation.RotationPolicyJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Writes the demo's API and policy definitions and creates its API key, in the demo's data folder,
 * before the node starts (the node then loads them like any others).
 */
final class DemoSetup {
  static final String API = "demo";
  static final String POLICY = "demo";

  /** The secret the demo API injects upstream, as {@code vault/name}. */
  static final String UPSTREAM_TOKEN = "default/demo-upstream-token";

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
        inject:                 # read from the vault on behalf of the caller, never from a file
          - header: X-Upstream-Token
            value: "${secret:%s}"
        """
            .formatted(upstreamUrl, UPSTREAM_TOKEN));
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

  /**
   * Creates a demo key in the node's key store, stores a fresh upstream token in the vault, and
   * lets the key's principal read it ({@code secrets-user} on that one secret): the demo API
   * injects it on the key's behalf. The key's value is shown once, by the caller.
   */
  static SecretValue createKey(Path dataDir, VaultOptions vaultOptions) {
    try (SecretVault vault = SecretVault.open(vaultOptions)) {
      CreatedKey created;
      // Recorded in the vault's audit trail like a key made through the management API.
      try (GatewayDatabase db = GatewayDatabase.sqlite(dataDir);
          ApiKeys keys =
              ApiKeys.open(
                  db,
                  KeyHasher.loadOrCreate(dataDir),
                  new io.keygate.app.key.VaultKeyAudit(vault.audit()))) {
        created = keys.create(POLICY, "demo", Duration.ofDays(30));
      } catch (Exception e) {
        throw new IllegalStateException("could not create the demo key: " + e.getMessage(), e);
      }
      byte[] token = new byte[24];
      new SecureRandom().nextBytes(token);
      String[] ref = UPSTREAM_TOKEN.split("/", 2);
      vault.setSecret(
          ref[0],
          ref[1],
          SetSecretRequest.of(
                  SecretValue.of(
                      "demo-upstream-"
                          + Base64.getUrlEncoder().withoutPadding().encodeToString(token)))
              .withExpires(Instant.now().plus(Duration.ofDays(90))));
      // The demo follows its own pre-deploy check: the secret rotates on a schedule (KG011).
      try (Rotation rotation = Rotation.open(vault, vaultOptions)) {
        rotation
            .policies()
            .set(
                ref[0],
                ref[1],
                RotationPolicyJson.parse(
                    """
                    {"lifetimeActions": [
                       {"trigger": {"timeAfterCreate": "P60D"}, "action": {"type": "Rotate"}}],
                     "attributes": {"expiryTime": "P90D"},
                     "overlap": "P1D",
                     "generator": {"type": "random", "length": 40}}
                    """));
      }
      vault
          .roles()
          .assign(
              Actor.admin("keygate-demo", ""),
              "key:" + created.info().id(),
              Role.parse("secrets-user"),
              Scope.parse(UPSTREAM_TOKEN));
      return created.key();
    }
  }
}
