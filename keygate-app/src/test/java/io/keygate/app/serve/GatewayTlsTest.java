package io.keygate.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.app.cli.CliEnvironment;
import io.keygate.app.config.KeygateConfig;
import io.keygate.vault.server.SelfSignedCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemTrustOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayTlsTest {
  @TempDir Path dir;

  @Test
  void gatewayTlsFromTheConfig_servesHttpsWithHttp2() throws Exception {
    Path data = dir.resolve("data");
    Path certs = Files.createDirectories(dir.resolve("certs"));
    var files = SelfSignedCertificate.loadOrGenerate(certs, List.of());
    Files.createDirectories(data.resolve("apis"));
    Files.writeString(
        data.resolve("apis/open.yaml"),
        """
        name: open
        listen: { path: /open/, strip: true }
        upstream: { url: "http://127.0.0.1:9" }
        auth: { keyless: true }
        public: true
        """);
    KeygateConfig config =
        new KeygateConfig(
            null,
            null,
            new KeygateConfig.Gateway(
                null,
                null,
                null,
                new KeygateConfig.Tls(files.certificate(), files.privateKey()),
                null),
            null,
            null,
            null);
    ServeSettings settings =
        ServeSettings.resolve(
            config,
            new ServeSettings.Flags(data, "127.0.0.1:0", "127.0.0.1:0"),
            CliEnvironment.of(Map.of(), InputStream.nullInputStream()));

    try (KeygateNode node = KeygateNode.start(settings)) {
      Vertx vertx = Vertx.vertx();
      try {
        var client =
            vertx.createHttpClient(
                new HttpClientOptions()
                    .setSsl(true)
                    .setUseAlpn(true)
                    .setProtocolVersion(HttpVersion.HTTP_2)
                    .setTrustOptions(
                        new PemTrustOptions().addCertPath(files.certificate().toString())));
        var version = new java.util.concurrent.atomic.AtomicReference<HttpVersion>();
        var status = new java.util.concurrent.atomic.AtomicInteger();
        client
            .request(HttpMethod.GET, node.gatewayPort(), "127.0.0.1", "/open/x")
            .compose(r -> r.send())
            .compose(
                r -> {
                  version.set(r.version());
                  status.set(r.statusCode());
                  return r.body();
                })
            .await();

        assertThat(version.get()).isEqualTo(HttpVersion.HTTP_2);
        // Nothing listens on port 9: the gateway answered over TLS, with its own 502.
        assertThat(status.get()).isEqualTo(502);
      } finally {
        vertx.close().await();
      }
    }
  }

  @Test
  void gatewayTlsWithoutItsKey_isRefusedByName() {
    KeygateConfig config =
        new KeygateConfig(
            null,
            null,
            new KeygateConfig.Gateway(
                null, null, null, new KeygateConfig.Tls(dir.resolve("c.pem"), null), true),
            null,
            null,
            null);

    assertThatThrownBy(
            () ->
                ServeSettings.resolve(
                    config,
                    new ServeSettings.Flags(dir, null, null),
                    CliEnvironment.of(Map.of(), InputStream.nullInputStream())))
        .hasMessage("gateway.tls needs both 'certificate' and 'privateKey' (PEM files)");
  }
}
