package io.keygate.app.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.ResourceModifiedException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keygate.app.RunningNode;
import io.keygate.app.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * A token of an OIDC issuer listed under {@code identity.trust} is checked by the gateway's JWT
 * validation and reaches the vault as that user's principal: RBAC applies to {@code user:<sub>}.
 */
class TrustedIssuerThroughServeTest {
  private static final String ISSUER = "https://idp.example.test/tenant-1/v2.0";
  @TempDir Path data;

  @Test
  void trustedIssuersUserToken_readsWhatItsRoleAllows_andAnotherAudienceIsRefused()
      throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("idp-key-1").generate();
    Path yaml = data.resolve("keygate.yaml");
    Files.writeString(
        yaml,
        "azure:\n"
            + "  domain: vault.test\n"
            + "identity:\n"
            + "  trust:\n"
            + "    - issuer: "
            + ISSUER
            + "\n"
            + "      audience: https://vault.test\n"
            + "      keys:\n"
            + "        - "
            + key.toPublicJWK().toJSONString()
            + "\n");
    try (RunningNode keygate = new RunningNode(data, ConfigLoader.load(yaml), Map.of())) {
      assertThat(keygate.cli(null, "vault", "create", "payments").exitCode()).isZero();
      keygate.cli(null, "role", "assign", "user:alice", "secrets-user", "--scope", "payments");
      HttpClient http =
          new JdkHttpClientBuilder(
                  java.net.http.HttpClient.newBuilder().sslContext(keygate.adminTls()))
              .build();
      String url = "https://payments.vault.test:" + keygate.node.adminPort();
      SecretClient admin =
          new SecretClientBuilder()
              .vaultUrl(url)
              .credential(fixed(Files.readString(data.resolve("admin-token")).strip()))
              .httpClient(http)
              .buildClient();
      admin.setSecret("reporting-db", "value-for-alice");

      SecretClient alice = client(url, http, token(key, "alice", "https://vault.test"));
      assertThat(alice.getSecret("reporting-db").getValue()).isEqualTo("value-for-alice");
      SecretClient bob = client(url, http, token(key, "bob", "https://vault.test"));
      assertThatThrownBy(() -> bob.getSecret("reporting-db"))
          .isInstanceOf(ResourceModifiedException.class)
          .hasMessageContaining("ForbiddenByRbac");
      SecretClient elsewhere = client(url, http, token(key, "alice", "api://another-app"));
      assertThatThrownBy(() -> elsewhere.getSecret("reporting-db"))
          .isInstanceOf(ClientAuthenticationException.class);
    }
  }

  private static SecretClient client(String url, HttpClient http, String token) {
    return new SecretClientBuilder()
        .vaultUrl(url)
        .credential(fixed(token))
        .httpClient(http)
        .buildClient();
  }

  private static TokenCredential fixed(String token) {
    return request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
  }

  private static String token(RSAKey key, String subject, String audience) throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
