package io.keygate.gateway.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.keygate.gateway.config.JwtAuthConfig;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A multi-tenant issuer template, as Entra ID's {@code common} metadata publishes it: the token's
 * {@code iss} must be the template filled with the token's own {@code tid}, and only listed tenants
 * pass.
 */
class EntraMultiTenantTest {
  static final String AUD = "6e74172b-be56-4843-9ff4-e66a39bb12e3";
  static final String TENANT_A = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  static final String TENANT_B = "0d5c3f8e-1111-4222-8333-944455556666";
  static final String TENANT_C = "9188040d-6c67-4c5b-b112-36a304b66dad";

  Vertx vertx;
  JwksServer provider;
  AuthServer server;
  JwksRegistry registry;
  JwtAuthenticator auth;
  RSAKey key = Tokens.rsaKey("entra-key");
  String template;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    provider = JwksServer.start(vertx, key);
    template = provider.base() + "/{tenantid}/v2.0";
    provider.discovery(template);
    server = AuthServer.start(vertx);
    registry = JwksRegistry.create(vertx);
  }

  @AfterEach
  void stop() {
    if (auth != null) {
      auth.close();
    }
    registry.close();
    server.close();
    provider.close();
    vertx.close().await();
  }

  JwtAuthConfig config(Map<String, Object> requiredClaims) {
    return new JwtAuthConfig(
        template,
        null,
        List.of(AUD),
        null,
        null,
        new JwtAuthConfig.IdentityMapping("entra", null, null, null, null, null),
        null,
        null,
        requiredClaims);
  }

  String token(String issuerTenant, String tidClaim) throws Exception {
    JWTClaimsSet base =
        Tokens.claims(provider.base() + "/" + issuerTenant + "/v2.0", AUD, "ignored");
    return Tokens.sign(
        key,
        new JWTClaimsSet.Builder(base)
            .claim("tid", tidClaim)
            .claim("oid", "690222be-ff1a-4d56-abd1-7e4f7d38e474")
            .build());
  }

  @Test
  void tokenOfAListedTenant_isAccepted_andOthersAreNot() throws Exception {
    auth =
        JwtAuthenticator.create(
            vertx, List.of(config(Map.of("tid", List.of(TENANT_A, TENANT_B)))), registry);
    auth.ready().await();
    server.use(auth);

    AuthServer.Response ok = server.bearer(token(TENANT_B, TENANT_B));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body().getJsonObject("claims").getString("tid")).isEqualTo(TENANT_B);
    assertThat(server.bearer(token(TENANT_C, TENANT_C)).errorMessage())
        .isEqualTo("required claim 'tid' does not match");
  }

  @Test
  void issuerOfOneTenantWithTheTidOfAnother_isUntrusted() throws Exception {
    auth = JwtAuthenticator.create(vertx, List.of(config(Map.of("tid", TENANT_A))), registry);
    auth.ready().await();
    server.use(auth);

    assertThat(server.bearer(token(TENANT_C, TENANT_A)).errorMessage())
        .isEqualTo("untrusted issuer");
    assertThat(server.bearer(token("{tenantid}", "{tenantid}")).errorMessage())
        .isEqualTo("untrusted issuer");
  }

  @Test
  void templateWithoutATenantAllowlist_isAConfigurationError() {
    assertThatThrownBy(() -> JwtAuthenticator.validate(List.of(config(null))))
        .hasMessageStartingWith("jwt[0].requiredClaims.tid: required with a {tenantid} issuer");
  }
}
