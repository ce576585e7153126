package io.keygate.vault;

import static io.keygate.vault.Fixtures.canary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.internal.barrier.MasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key file, key material and passphrase sources, and rotation between them. */
class MasterKeySourcesTest {
  @TempDir Path data;

  private VaultOptions options(MasterKeySource key) {
    return VaultOptions.embedded(data).withMasterKey(key).withSweepInterval(Duration.ZERO);
  }

  @Test
  void keyFile_isCreatedOwnerOnlyOnFirstStart_withAWarningThatItIsForDevelopment()
      throws Exception {
    Path keyFile = data.resolve("master-key.json");
    SecretValue value = canary();
    try (LogCapture logs = new LogCapture();
        SecretVault vault = SecretVault.open(options(MasterKeySource.keyFile(keyFile)))) {
      vault.setSecret("default", "dev", SetSecretRequest.of(value));
      assertThat(logs.lines())
          .anyMatch(
              line ->
                  line.equals(
                      "WARN Created development key file "
                          + keyFile
                          + " (mode 0600) for the"
                          + " vault's master key: keep it safe, and use KEYGATE_MASTER_KEY or a"
                          + " passphrase in production"));
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    try (SecretVault vault = SecretVault.open(options(MasterKeySource.keyFile(keyFile)))) {
      assertThat(vault.getSecret("default", "dev", Optional.empty()).value()).isEqualTo(value);
    }
  }

  @Test
  void missingKeyFile_forAVaultWithData_isRefusedWithoutCreatingANewKey() throws Exception {
    Path keyFile = data.resolve("master-key.json");
    try (SecretVault vault = SecretVault.open(options(MasterKeySource.keyFile(keyFile)))) {
      vault.setSecret("default", "dev", SetSecretRequest.of(canary()));
    }
    Files.delete(keyFile);

    assertThatThrownBy(() -> SecretVault.open(options(MasterKeySource.keyFile(keyFile))))
        .isInstanceOf(VaultOpenException.class)
        .hasMessage(
            "master key file "
                + keyFile
                + " does not exist, but this vault already holds data"
                + " sealed with a master key; restore the key file, or give the vault's key via"
                + " KEYGATE_MASTER_KEY or its passphrase");
    assertThat(Files.exists(keyFile)).isFalse();
  }

  @Test
  void keyMaterial_acceptsATinkKeysetJson_andRefusesAnythingElseClearly() throws Exception {
    MasterKeySource json =
        MasterKeySource.keyMaterial(SecretValue.of(MasterKey.generate().toJson()));
    try (SecretVault vault = SecretVault.open(options(json))) {
      vault.setSecret("default", "x", SetSecretRequest.of(canary()));
    }

    assertThatThrownBy(
            () ->
                SecretVault.open(options(MasterKeySource.keyMaterial(SecretValue.of("c2hvcnQ=")))))
        .isInstanceOf(VaultOpenException.class)
        .hasMessage(
            "master key from key material is neither a Tink AEAD keyset (JSON) nor the base64 of"
                + " 32 random bytes");
  }

  @Test
  void passphrase_opensTheVaultItCreated_andAWrongOneIsRefused() {
    MasterKeySource passphrase =
        MasterKeySource.passphrase(SecretValue.of("correct horse battery"));
    SecretValue value = canary();
    try (SecretVault vault = SecretVault.open(options(passphrase))) {
      vault.setSecret("default", "p", SetSecretRequest.of(value));
    }

    try (SecretVault vault = SecretVault.open(options(passphrase))) {
      assertThat(vault.getSecret("default", "p", Optional.empty()).value()).isEqualTo(value);
    }
    assertThatThrownBy(
            () ->
                SecretVault.open(
                    options(MasterKeySource.passphrase(SecretValue.of("wrong horse battery")))))
        .isInstanceOf(VaultOpenException.class)
        .hasMessageStartingWith(
            "master key does not match this vault's data (key check failed); the key from"
                + " passphrase must be");
    assertThatThrownBy(
            () -> SecretVault.open(options(MasterKeySource.passphrase(SecretValue.of("short")))))
        .isInstanceOf(VaultOpenException.class)
        .hasMessage("the master key passphrase must have at least 12 characters");
  }

  @Test
  void keyFileRotatedInPlace_replacesTheKey_andTheOldFileNoLongerOpensTheVault() throws Exception {
    Path keyFile = data.resolve("master-key.json");
    MasterKeySource source = MasterKeySource.keyFile(keyFile);
    SecretValue value = canary();
    String oldKeyset;
    try (SecretVault vault = SecretVault.open(options(source))) {
      vault.setSecret("default", "r", SetSecretRequest.of(value));
      oldKeyset = Files.readString(keyFile);

      assertThat(vault.rotateMasterKey(source)).isEqualTo(new MasterKeyRotation(1, 0));
    }

    assertThat(Files.readString(keyFile)).isNotEqualTo(oldKeyset);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    try (SecretVault vault = SecretVault.open(options(source))) {
      assertThat(vault.getSecret("default", "r", Optional.empty()).value()).isEqualTo(value);
    }
    assertThatThrownBy(
            () -> SecretVault.open(options(MasterKeySource.keyMaterial(SecretValue.of(oldKeyset)))))
        .isInstanceOf(VaultOpenException.class)
        .hasMessageStartingWith("master key does not match this vault's data (key check failed)");
  }

  @Test
  void rotationFromAKeyFileToAPassphrase_leavesAVaultThatOpensWithThePassphraseOnly() {
    MasterKeySource file = MasterKeySource.keyFile(data.resolve("master-key.json"));
    MasterKeySource passphrase =
        MasterKeySource.passphrase(SecretValue.of("a long passphrase here"));
    SecretValue value = canary();
    try (SecretVault vault = SecretVault.open(options(file))) {
      vault.setSecret("default", "moving", SetSecretRequest.of(value));
      vault.rotateMasterKey(passphrase);
    }

    try (SecretVault vault = SecretVault.open(options(passphrase))) {
      assertThat(vault.getSecret("default", "moving", Optional.empty()).value()).isEqualTo(value);
    }
    assertThatThrownBy(() -> SecretVault.open(options(file)))
        .isInstanceOf(VaultOpenException.class)
        .hasMessageStartingWith("master key does not match this vault's data (key check failed)");
  }

  @Test
  void keyFileLeftWithBothKeysByAnInterruptedRotation_stillOpens_andRotatingAgainCompletes()
      throws Exception {
    Path keyFile = data.resolve("master-key.json");
    MasterKeySource source = MasterKeySource.keyFile(keyFile);
    SecretValue value = canary();
    try (SecretVault vault = SecretVault.open(options(source))) {
      vault.setSecret("default", "half", SetSecretRequest.of(value));
    }
    // What an in-place rotation writes before it rewraps anything: old key plus a new primary.
    Files.writeString(
        keyFile, MasterKey.fromJson(Files.readString(keyFile)).withNewPrimary().toJson());

    try (SecretVault vault = SecretVault.open(options(source))) {
      assertThat(vault.getSecret("default", "half", Optional.empty()).value()).isEqualTo(value);
      vault.rotateMasterKey(source);
    }

    assertThat(MasterKey.fromJson(Files.readString(keyFile)).size()).isEqualTo(1);
    try (SecretVault vault = SecretVault.open(options(source))) {
      assertThat(vault.getSecret("default", "half", Optional.empty()).value()).isEqualTo(value);
    }
  }

  @Test
  void rotationToAnUnusableKey_isBadParameter_andTheVaultKeepsItsKey() {
    MasterKeySource key = Fixtures.randomKey();
    SecretValue value = canary();
    try (SecretVault vault = SecretVault.open(options(key))) {
      vault.setSecret("default", "stays", SetSecretRequest.of(value));

      assertThatThrownBy(
              () -> vault.rotateMasterKey(MasterKeySource.keyMaterial(SecretValue.of("c2hvcnQ="))))
          .isInstanceOf(VaultException.BadParameter.class)
          .hasMessage(
              "master key from key material is neither a Tink AEAD keyset (JSON) nor the base64"
                  + " of 32 random bytes");
      assertThat(vault.getSecret("default", "stays", Optional.empty()).value()).isEqualTo(value);
    }
    try (SecretVault vault = SecretVault.open(options(key))) {
      assertThat(vault.getSecret("default", "stays", Optional.empty()).value()).isEqualTo(value);
    }
  }
}
