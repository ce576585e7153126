package io.keygate.vault.server.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceModifiedException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * What the SDK raises when Keygate refuses, the same exception types and statuses as against Azure
 * Key Vault: 401 ClientAuthenticationException, 403 HttpResponseException
 * (ResourceModifiedException on get, which the SDK maps so), 404 ResourceNotFoundException, 409
 * ResourceModifiedException.
 */
class AzureSdkNegativeTest {
  @TempDir static Path data;
  static AzureFixture keygate;

  @BeforeAll
  static void start() throws Exception {
    keygate = new AzureFixture(data);
    keygate.vault.setSecret(
        "payments", "upstream-token", SetSecretRequest.of(SecretValue.of("token-canary-4412")));
    keygate.vault.setSecret(
        "payments",
        "disabled-one",
        SetSecretRequest.of(SecretValue.of("disabled-canary-9921")).withEnabled(false));
  }

  @AfterAll
  static void stop() throws Exception {
    keygate.close();
  }

  private static TokenCredential fixed(String token) {
    return request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
  }

  private static int status(Throwable e) {
    return ((HttpResponseException) e).getResponse().getStatusCode();
  }

  @Test
  void unauthenticatedRequest_getsAzuresChallenge() throws Exception {
    var response =
        keygate.send(
            "GET",
            keygate.vaultUrl("payments") + "/secrets/upstream-token?api-version=7.6",
            null,
            null,
            null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains(
            "Bearer authorization=\"https://vault.test:"
                + keygate.server.port()
                + "/keygate\", resource=\"https://vault.test\"");
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("code"))
        .isEqualTo("Unauthorized");
  }

  @Test
  void missingOrUnknownToken_isClientAuthenticationException401() {
    SecretClient empty = keygate.client("payments", fixed(""));
    assertThatThrownBy(() -> empty.getSecret("upstream-token"))
        .isInstanceOf(ClientAuthenticationException.class)
        .satisfies(e -> assertThat(status(e)).isEqualTo(401));
    SecretClient garbage = keygate.client("payments", fixed("not-a-token"));
    assertThatThrownBy(() -> garbage.getSecret("upstream-token"))
        .isInstanceOf(ClientAuthenticationException.class)
        .hasMessageContaining("invalid bearer token")
        .satisfies(e -> assertThat(status(e)).isEqualTo(401));
  }

  @Test
  void keygateTokenForAnotherAudience_isClientAuthenticationException401() throws Exception {
    var app = keygate.app(Role.SECRETS_OFFICER, Scope.vault("payments"));
    String token = keygate.issuer.issue(app.clientId(), "https://elsewhere.test").token();
    SecretClient client = keygate.client("payments", fixed(token));
    assertThatThrownBy(() -> client.getSecret("upstream-token"))
        .isInstanceOf(ClientAuthenticationException.class)
        .hasMessageContaining("the token's audience is not accepted here")
        .satisfies(e -> assertThat(status(e)).isEqualTo(401));
  }

  @Test
  void noRbacRight_isHttpResponseException403ForbiddenByRbac_andIsAudited() throws Exception {
    var app = keygate.app(null, null);
    SecretClient client = keygate.client("payments", keygate.credential(app));
    // The SDK turns a 403 on get into ResourceModifiedException (as against Azure).
    assertThatThrownBy(() -> client.getSecret("upstream-token"))
        .isExactlyInstanceOf(ResourceModifiedException.class)
        .hasMessageContaining("\"code\":\"Forbidden\"")
        .hasMessageContaining("\"innererror\":{\"code\":\"ForbiddenByRbac\"}")
        .satisfies(e -> assertThat(status(e)).isEqualTo(403));
    AuditEntry denial = keygate.vault.audit().recent(1).get(0);
    assertThat(denial.onBehalfOf()).isEqualTo("app:" + app.clientId());
    assertThat(denial.via()).isEqualTo("azure-api");
    assertThat(denial.outcome()).isEqualTo(AuditEntry.DENIED);

    var reader = keygate.app(Role.SECRETS_READER, Scope.vault("payments"));
    SecretClient readerClient = keygate.client("payments", keygate.credential(reader));
    assertThat(readerClient.listPropertiesOfSecrets().stream().map(SecretProperties::getName))
        .contains("upstream-token");
    assertThatThrownBy(() -> readerClient.getSecret("upstream-token"))
        .isExactlyInstanceOf(ResourceModifiedException.class)
        .satisfies(e -> assertThat(status(e)).isEqualTo(403));
    assertThatThrownBy(() -> readerClient.setSecret("new-one", "v"))
        .isExactlyInstanceOf(HttpResponseException.class)
        .satisfies(e -> assertThat(status(e)).isEqualTo(403));
  }

  @Test
  void disabledSecret_isHttpResponseException403SecretDisabled() throws Exception {
    var app = keygate.app(Role.SECRETS_USER, Scope.vault("payments"));
    SecretClient client = keygate.client("payments", keygate.credential(app));
    assertThatThrownBy(() -> client.getSecret("disabled-one"))
        .isExactlyInstanceOf(ResourceModifiedException.class)
        .hasMessageContaining("\"innererror\":{\"code\":\"SecretDisabled\"}")
        .hasMessageNotContaining("disabled-canary-9921")
        .satisfies(e -> assertThat(status(e)).isEqualTo(403));
    KeyVaultSecret readable = client.getSecret("upstream-token");
    assertThat(readable.getValue()).isEqualTo("token-canary-4412");
  }

  @Test
  void missingSecretAndDeletedNameConflict_are404And409() throws Exception {
    var app = keygate.app(Role.SECRETS_OFFICER, Scope.vault("payments"));
    SecretClient client = keygate.client("payments", keygate.credential(app));
    assertThatThrownBy(() -> client.getSecret("no-such-secret"))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("SecretNotFound")
        .satisfies(e -> assertThat(status(e)).isEqualTo(404));
    client.setSecret("gone-soon", "v");
    client.beginDeleteSecret("gone-soon").waitForCompletion();
    assertThatThrownBy(() -> client.setSecret("gone-soon", "again"))
        .isInstanceOf(ResourceModifiedException.class)
        .hasMessageContaining("ObjectIsDeletedButRecoverable")
        .satisfies(e -> assertThat(status(e)).isEqualTo(409));
    SecretClient unknownVault = keygate.client("nowhere", keygate.credential(app));
    assertThatThrownBy(() -> unknownVault.getSecret("x"))
        .isInstanceOf(HttpResponseException.class)
        .satisfies(e -> assertThat(status(e)).isIn(403, 404));
  }

  @Test
  void badApiVersion_isBadParameter400() throws Exception {
    var response =
        keygate.send(
            "GET",
            keygate.vaultUrl("payments") + "/secrets/upstream-token?api-version=1999-01-01",
            null,
            "Bearer " + keygate.token.reveal(),
            null);
    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("BadParameter");
    assertThat(error.getString("message"))
        .isEqualTo(
            "The specified version (1999-01-01) is not recognized. Consider using the latest"
                + " supported version (2025-07-01).");
  }
}
