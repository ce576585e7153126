package io.keygate.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.app.CapturedLogs;
import io.keygate.app.RunningNode;
import io.keygate.app.cli.ExitCodes;
import io.keygate.vault.server.SelfSignedCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeStartupTest {
  @TempDir Path data;

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void firstStart_writesOwnerOnlyTokenAndCertificate_andNeverLogsTheToken() throws Exception {
    String token;
    String logs;
    try (CapturedLogs captured = CapturedLogs.start()) {
      try (RunningNode keygate = new RunningNode(data)) {
        token = Files.readString(data.resolve("admin-token"));
        assertThat(keygate.cli(null, "secret", "set", "x", "--value", "y").exitCode()).isZero();
      }
      logs = captured.text();
    }

    assertThat(mode(data.resolve("admin-token"))).isEqualTo("rw-------");
    assertThat(mode(data.resolve(SelfSignedCertificate.KEY_FILE))).isEqualTo("rw-------");
    assertThat(mode(data)).isEqualTo("rwx------");
    assertThat(data.resolve(SelfSignedCertificate.CERTIFICATE_FILE)).exists();
    assertThat(token).hasSize(43);
    assertThat(logs)
        .contains("keygate ")
        .contains(" started")
        .contains("admin token: " + data.resolve("admin-token") + " (generated now)")
        .contains("certificate: " + data.resolve(SelfSignedCertificate.CERTIFICATE_FILE))
        .contains("keygate stopped")
        .doesNotContain(token);
  }

  @Test
  void restart_keepsTokenCertificateAndSecrets() throws Exception {
    try (RunningNode keygate = new RunningNode(data)) {
      keygate.cli(null, "secret", "set", "kept", "--value", "across restarts");
    }
    String token = Files.readString(data.resolve("admin-token"));
    byte[] certificate = Files.readAllBytes(data.resolve(SelfSignedCertificate.CERTIFICATE_FILE));

    try (RunningNode keygate = new RunningNode(data)) {
      assertThat(keygate.cli(null, "secret", "get", "kept").out()).isEqualTo("across restarts");
    }

    assertThat(Files.readString(data.resolve("admin-token"))).isEqualTo(token);
    assertThat(Files.readAllBytes(data.resolve(SelfSignedCertificate.CERTIFICATE_FILE)))
        .isEqualTo(certificate);
  }

  @Test
  void gatewayListenerAndItsAdminRoutes_runBesideTheVault() throws Exception {
    try (RunningNode keygate = new RunningNode(data)) {
      HttpClient http = HttpClient.newHttpClient();
      var gateway =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + keygate.node.gatewayPort() + "/nothing"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      var apis = keygate.cli(null, "secret", "list");

      assertThat(gateway.statusCode()).isEqualTo(404);
      assertThat(gateway.body()).contains("\"error\"");
      assertThat(apis.exitCode()).isZero();
    }
  }

  @Test
  void wrongMasterKey_failsAtOnceWithAClearMessage(@TempDir Path other) throws Exception {
    try (RunningNode first = new RunningNode(data)) {
      first.cli(null, "secret", "set", "x", "--value", "y");
    }
    // A second node only for its master key file.
    new RunningNode(other).close();
    Files.copy(
        other.resolve("master-key.json"),
        data.resolve("master-key.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    var serve =
        RunningNode.run(
            "serve",
            "--data",
            data.toString(),
            "--admin-listen",
            "127.0.0.1:0",
            "--listen",
            "127.0.0.1:0");

    assertThat(serve.exitCode()).isEqualTo(ExitCodes.GENERIC);
    assertThat(serve.err()).startsWith("keygate: master key does not match");
  }

  @Test
  void unknownConfigKey_isAUsageErrorNamingTheKey() throws Exception {
    Path config = data.resolve("keygate.yaml");
    Files.writeString(config, "admin:\n  listen: 127.0.0.1:0\n  lisen: 127.0.0.1:1\n");

    var serve = RunningNode.run("serve", "--config", config.toString());

    assertThat(serve.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(serve.err())
        .isEqualTo(
            "keygate: "
                + config
                + " line 3: unknown key 'admin.lisen'; known keys here: [listen, tls]\n");
  }

  @Test
  void busyAdminPort_failsWithAClearMessage() throws Exception {
    try (RunningNode keygate = new RunningNode(data)) {
      var serve =
          RunningNode.run(
              "serve",
              "--data",
              data.resolve("second").toString(),
              "--admin-listen",
              "127.0.0.1:" + keygate.node.adminPort(),
              "--listen",
              "127.0.0.1:0");

      assertThat(serve.exitCode()).isEqualTo(ExitCodes.GENERIC);
      assertThat(serve.err())
          .startsWith(
              "keygate: the admin listener on 127.0.0.1:" + keygate.node.adminPort() + " failed:");
    }
  }
}
