package io.keygate.gateway.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.gateway.chain.GatewayException;
import io.keygate.gateway.chain.Identity;
import io.keygate.gateway.config.JwtAuthConfig.IdentityMapping;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The identity presets, on the example token payloads that docs/OIDC.md shows. */
class ClaimMappingTest {

  static ClaimMapping preset(String name) {
    return ClaimMapping.from(new IdentityMapping(name, null, null, null, null, null), "jwt[0]");
  }

  @Test
  void entraV2AccessToken_namesTheUserByObjectIdAndTheClientByAzp() {
    Map<String, Object> claims = new HashMap<>();
    claims.put("aud", "6e74172b-be56-4843-9ff4-e66a39bb12e3");
    claims.put(
        "iss", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");
    claims.put("azp", "0b7bd3c4-9ab5-44a9-a9e2-7d57e1e2b1a4");
    claims.put("oid", "690222be-ff1a-4d56-abd1-7e4f7d38e474");
    claims.put("sub", "MF4f-ggWMEji12KynJUNQZphaUTvLcQug5jdF2nl01Q");
    claims.put("tid", "72f988bf-86f1-41af-91ab-2d7cd011db47");
    claims.put("scp", "payments.read payments.write");
    claims.put("groups", List.of("a7c1f3b2-0000-4000-8000-000000000001"));
    claims.put("roles", List.of("Payments.Admin"));

    Identity id = preset("entra").identity(claims);

    assertThat(id.principals())
        .containsExactly(
            "user:690222be-ff1a-4d56-abd1-7e4f7d38e474",
            "app:0b7bd3c4-9ab5-44a9-a9e2-7d57e1e2b1a4",
            "group:a7c1f3b2-0000-4000-8000-000000000001",
            "group:Payments.Admin");
    assertThat(id.consumer()).isEqualTo("690222be-ff1a-4d56-abd1-7e4f7d38e474");
    assertThat(id.claims()).containsEntry("tid", "72f988bf-86f1-41af-91ab-2d7cd011db47");
  }

  @Test
  void entraV1AccessToken_namesTheClientByAppid() {
    Map<String, Object> claims =
        Map.of(
            "iss", "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
            "appid", "0b7bd3c4-9ab5-44a9-a9e2-7d57e1e2b1a4",
            "oid", "690222be-ff1a-4d56-abd1-7e4f7d38e474",
            "tid", "72f988bf-86f1-41af-91ab-2d7cd011db47");

    assertThat(preset("entra-v1").identity(claims).principals())
        .containsExactly(
            "user:690222be-ff1a-4d56-abd1-7e4f7d38e474",
            "app:0b7bd3c4-9ab5-44a9-a9e2-7d57e1e2b1a4");
  }

  @Test
  void oktaAccessToken_namesTheClientByCid() {
    Map<String, Object> claims =
        Map.of(
            "iss", "https://example.okta.com/oauth2/default",
            "sub", "alice@example.com",
            "uid", "00u1a2b3c4d5e6f7g8h9",
            "cid", "0oa1b2c3d4e5f6g7h8i9",
            "scp", List.of("openid", "payments.read"),
            "groups", List.of("Everyone", "Payments"));

    Identity id = preset("okta").identity(claims);

    assertThat(id.principals())
        .containsExactly(
            "user:alice@example.com",
            "app:0oa1b2c3d4e5f6g7h8i9",
            "group:Everyone",
            "group:Payments");
  }

  @Test
  void genericPreset_fallsBackFromAzpToClientId() {
    assertThat(preset("generic").identity(Map.of("sub", "u", "client_id", "c")).principals())
        .containsExactly("user:u", "app:c");
  }

  @Test
  void configuredClaims_overrideThePreset() {
    ClaimMapping m =
        ClaimMapping.from(
            new IdentityMapping("okta", "uid", null, "teams", null, "azp, cid"), "jwt[0]");
    Identity id = m.identity(Map.of("sub", "alice", "uid", "00u1", "cid", "c1", "teams", "blue"));
    assertThat(id.principals()).containsExactly("user:00u1", "app:c1", "group:blue");
  }

  @Test
  void tokenWithoutTheSubjectClaim_isInvalid() {
    assertThatThrownBy(() -> preset("entra").identity(Map.of("sub", "x")))
        .isInstanceOf(GatewayException.class)
        .hasMessage("token has no subject claim 'oid'");
  }

  @Test
  void scopes_areReadFromScpAndScope_asStringsOrArrays() {
    assertThat(ClaimsValidator.scopes(Map.of("scp", "a  b", "scope", List.of("c"))))
        .containsExactlyInAnyOrder("a", "b", "c");
  }
}
