package io.keygate.sources.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.secrets.SecretValue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AzureSourceOptionsTest {

  @Test
  void unmappedVaultName_meansThePublicCloudVaultOfThatName() {
    AzureSourceOptions options =
        AzureSourceOptions.of(
            Map.of("payments", URI.create("https://payments-kv.vault.azure.net/")),
            AzureCredentialOptions.defaultChain());

    assertThat(options.vaultUrl("payments")).hasToString("https://payments-kv.vault.azure.net/");
    assertThat(options.vaultUrl("orders")).hasToString("https://orders.vault.azure.net/");
    assertThat(options.pollInterval()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void vaultUrlThatIsNotHttps_isRefusedNamingTheVault() {
    assertThatThrownBy(
            () ->
                AzureSourceOptions.of(
                    Map.of("payments", URI.create("http://payments-kv.vault.azure.net/")),
                    AzureCredentialOptions.defaultChain()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Azure vault 'payments' needs an https:// URL, not 'http://payments-kv.vault.azure.net/'");
  }

  @Test
  void vaultNameThatAReferenceCannotSpell_isRefused() {
    assertThatThrownBy(
            () ->
                AzureSourceOptions.of(
                    Map.of("pay.ments", URI.create("https://x.vault.azure.net/")),
                    AzureCredentialOptions.defaultChain()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Azure vault name 'pay.ments' is not usable in azure:// references: use 1 to 127 of"
                + " 0-9, a-z, A-Z, -");
  }

  @Test
  void clientSecretCredentialWithoutItsSecret_isRefusedNamingTheSetting() {
    assertThatThrownBy(
            () ->
                new AzureCredentialOptions(
                    AzureCredentialOptions.Kind.CLIENT_SECRET,
                    Optional.of("tenant"),
                    Optional.of("client"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Azure credential client-secret needs 'client-secret'");
  }

  @Test
  void certificateCredentialWithoutTenant_isRefused() {
    assertThatThrownBy(
            () ->
                new AzureCredentialOptions(
                    AzureCredentialOptions.Kind.CLIENT_CERTIFICATE,
                    Optional.empty(),
                    Optional.of("client"),
                    Optional.empty(),
                    Optional.of(Path.of("/etc/keygate/sp.pem")),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Azure credential client-certificate needs 'tenant'");
  }

  @Test
  void credentialKinds_parseFromTheirConfigNames() {
    assertThat(AzureCredentialOptions.Kind.parse("managed-identity"))
        .isEqualTo(AzureCredentialOptions.Kind.MANAGED_IDENTITY);
    assertThat(AzureCredentialOptions.Kind.parse("client-certificate"))
        .isEqualTo(AzureCredentialOptions.Kind.CLIENT_CERTIFICATE);
    assertThatThrownBy(() -> AzureCredentialOptions.Kind.parse("password"))
        .hasMessage(
            "unknown Azure credential type 'password': use default, client-secret,"
                + " client-certificate or managed-identity");
  }

  @Test
  void clientSecret_neverShowsInTheOptionsText() {
    AzureCredentialOptions credential =
        AzureCredentialOptions.clientSecret("tenant", "client", SecretValue.of("canary-7d1e0c"));

    assertThat(credential.toString()).doesNotContain("canary-7d1e0c").contains("[redacted]");
  }
}
