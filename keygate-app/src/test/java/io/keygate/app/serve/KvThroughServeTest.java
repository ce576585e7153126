package io.keygate.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.app.RunningNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve enables the KV v2-compatible API on the admin listener, beside the native API. */
class KvThroughServeTest {
  @TempDir Path data;

  @Test
  void aVaultClientWritesThroughKv_andTheNativeApiSeesTheSameSecret() throws Exception {
    try (RunningNode node = new RunningNode(data);
        HttpClient http = HttpClient.newBuilder().sslContext(node.adminTls()).build()) {
      String token = Files.readString(data.resolve("admin-token")).strip();
      HttpResponse<String> written =
          http.send(
              HttpRequest.newBuilder(URI.create(node.address() + "/v1/default/data/app/db"))
                  .header("X-Vault-Token", token)
                  .POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"user\":\"svc\"}}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> read =
          http.send(
              HttpRequest.newBuilder(URI.create(node.address() + "/v1/default/data/app/db"))
                  .header("X-Vault-Token", token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(written.statusCode()).isEqualTo(200);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).contains("\"data\":{\"user\":\"svc\"}");
      assertThat(node.adminGet("/v1/vaults/default/secrets/app--db"))
          .contains("\"contentType\":\"application/json\"");
    }
  }
}
