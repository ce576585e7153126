package io.keygate.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.app.cli.CliEnvironment;
import io.keygate.app.serve.HostPort;
import io.keygate.app.serve.ServeSettings;
import io.keygate.vault.MasterKeySource;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("keygate.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static CliEnvironment env(Map<String, String> variables) {
    return CliEnvironment.of(variables, InputStream.nullInputStream());
  }

  @Test
  void fullExample_isReadIntoSettings() throws Exception {
    Path file =
        write(
            """
            data: /var/lib/keygate
            admin:
              listen: 0.0.0.0:9443
              tls:
                certificate: /etc/keygate/admin.crt
                privateKey: /etc/keygate/admin.key
            gateway:
              listen: 0.0.0.0:9080
              apis: /etc/keygate/apis
              policies: /etc/keygate/policies
            storage:
              jdbcUrl: jdbc:postgresql://db:5432/keygate
              user: keygate
              passwordEnv: KEYGATE_DB_PASSWORD
            masterKey:
              passphraseEnv: KEYGATE_PASSPHRASE
            vault:
              retentionDays: 30
              maxValueBytes: 4096
              sweepInterval: 15m
            """);

    ServeSettings settings =
        ServeSettings.resolve(
            ConfigLoader.load(file),
            new ServeSettings.Flags(null, null, null),
            env(Map.of("KEYGATE_DB_PASSWORD", "db-pass", "KEYGATE_PASSPHRASE", "phrase")));

    assertThat(settings.dataDirectory()).isEqualTo(Path.of("/var/lib/keygate"));
    assertThat(settings.admin()).isEqualTo(new HostPort("0.0.0.0", 9443));
    assertThat(settings.tls())
        .hasValueSatisfying(
            tls -> assertThat(tls.privateKey()).isEqualTo(Path.of("/etc/keygate/admin.key")));
    assertThat(settings.gateway()).isEqualTo(new HostPort("0.0.0.0", 9080));
    assertThat(settings.apis()).isEqualTo(Path.of("/etc/keygate/apis"));
    assertThat(settings.vault().jdbcUrl()).contains("jdbc:postgresql://db:5432/keygate");
    assertThat(settings.vault().jdbcUser()).contains("keygate");
    assertThat(settings.vault().jdbcPassword()).contains("db-pass");
    assertThat(settings.vault().masterKey()).isInstanceOf(MasterKeySource.Passphrase.class);
    assertThat(settings.vault().retentionDays()).isEqualTo(30);
    assertThat(settings.vault().maxValueBytes()).isEqualTo(4096);
    assertThat(settings.vault().sweepInterval()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void flags_overrideTheFile() throws Exception {
    Path file = write("data: /from/config\nadmin:\n  listen: 127.0.0.1:1000\n");

    ServeSettings settings =
        ServeSettings.resolve(
            ConfigLoader.load(file),
            new ServeSettings.Flags(dir.resolve("flag-data"), "127.0.0.1:2000", "127.0.0.1:3000"),
            env(Map.of()));

    assertThat(settings.dataDirectory()).isEqualTo(dir.resolve("flag-data"));
    assertThat(settings.admin().port()).isEqualTo(2000);
    assertThat(settings.gateway().port()).isEqualTo(3000);
    assertThat(settings.vault().masterKey())
        .isEqualTo(MasterKeySource.keyFile(dir.resolve("flag-data").resolve("master-key.json")));
  }

  @Test
  void defaults_applyWithoutAFile() {
    ServeSettings settings =
        ServeSettings.resolve(
            KeygateConfig.defaults(), new ServeSettings.Flags(null, null, null), env(Map.of()));

    assertThat(settings.dataDirectory()).isEqualTo(Path.of("keygate-data").toAbsolutePath());
    assertThat(settings.admin()).isEqualTo(new HostPort("127.0.0.1", 8443));
    assertThat(settings.gateway()).isEqualTo(new HostPort("127.0.0.1", 8080));
    assertThat(settings.tls()).isEmpty();
    assertThat(settings.vault().jdbcUrl()).isEmpty();
    assertThat(settings.vault().retentionDays()).isEqualTo(90);
  }

  @Test
  void unknownTopLevelKey_isNamedWithItsLine() throws Exception {
    Path file = write("data: /x\nstorag:\n  jdbcUrl: x\n");

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + " line 2: unknown key 'storag'; known keys here: [admin, azure, data, gateway,"
                + " identity, masterKey, sources, storage, vault]");
  }

  @Test
  void unknownNestedKey_isNamedWithItsPath() throws Exception {
    Path file = write("storage:\n  jdbcUrl: jdbc:postgresql://x/y\n  pasword: secret\n");

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessage(
            file
                + " line 3: unknown key 'storage.pasword'; known keys here: [jdbcUrl,"
                + " passwordEnv, user]");
  }

  @Test
  void wrongType_namesTheKeyAndTheType() throws Exception {
    Path file = write("vault:\n  retentionDays: thirty\n");

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessage(file + " line 2: 'vault.retentionDays' must be a whole number");
  }

  @Test
  void scalarWhereAMappingBelongs_isExplained() throws Exception {
    Path file = write("admin: 127.0.0.1:8443\n");

    assertThatThrownBy(() -> ConfigLoader.load(file))
        .hasMessage(file + " line 1: 'admin' must be a mapping (key: value lines)");
  }

  @Test
  void emptyFile_isTheDefaults() throws Exception {
    assertThat(ConfigLoader.load(write("# nothing yet\n"))).isEqualTo(KeygateConfig.defaults());
  }

  @Test
  void missingFile_isNamed() {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> ConfigLoader.load(missing))
        .hasMessage("config file " + missing + " does not exist");
  }

  @Test
  void retentionOutOfRange_isRefused() throws Exception {
    Path file = write("vault:\n  retentionDays: 3\n");

    assertThatThrownBy(
            () ->
                ServeSettings.resolve(
                    ConfigLoader.load(file),
                    new ServeSettings.Flags(null, null, null),
                    env(Map.of())))
        .hasMessage("vault.retentionDays must be from 7 to 90; got 3");
  }

  @Test
  void twoMasterKeySources_areRefused() throws Exception {
    Path file = write("masterKey:\n  file: /k.json\n  env: KEY\n");

    assertThatThrownBy(
            () ->
                ServeSettings.resolve(
                    ConfigLoader.load(file),
                    new ServeSettings.Flags(null, null, null),
                    env(Map.of("KEY", "x"))))
        .hasMessage("masterKey: give only one of 'file', 'env' and 'passphraseEnv'");
  }

  @Test
  void missingPasswordVariable_isNamed() throws Exception {
    Path file = write("storage:\n  jdbcUrl: jdbc:postgresql://x/y\n  passwordEnv: DB_PW\n");

    assertThatThrownBy(
            () ->
                ServeSettings.resolve(
                    ConfigLoader.load(file),
                    new ServeSettings.Flags(null, null, null),
                    env(Map.of())))
        .hasMessage("storage.passwordEnv names DB_PW, which is not set in the environment");
  }

  @Test
  void badListenAddress_isRefused() {
    assertThatThrownBy(
            () ->
                ServeSettings.resolve(
                    KeygateConfig.defaults(),
                    new ServeSettings.Flags(null, "localhost", null),
                    env(Map.of())))
        .hasMessage(
            "--admin-listen / admin.listen must be HOST:PORT such as 127.0.0.1:8443; got"
                + " 'localhost'");
  }
}
