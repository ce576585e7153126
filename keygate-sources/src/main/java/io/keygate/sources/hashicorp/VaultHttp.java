package io.keygate.sources.hashicorp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.watch.PemTrust;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The few Vault HTTP calls the source makes, asynchronously over the JDK client: JSON in, JSON out,
 * the token in {@code X-Vault-Token}, the namespace in {@code X-Vault-Namespace}. A body that is
 * not JSON reads as an empty object: Vault's error bodies are only used for their status.
 */
final class VaultHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A status and a parsed body (an empty object when there was none or it was not JSON). */
  record Reply(int status, JsonNode body) {}

  private final HttpClient client;
  private final String base;
  private final HashicorpSourceOptions options;

  VaultHttp(HashicorpSourceOptions options) {
    this.options = options;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(options.requestTimeout());
    options.caCertificates().ifPresent(pem -> builder.sslContext(PemTrust.trusting(pem)));
    this.client = builder.build();
    String address = options.address().toString();
    this.base = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
  }

  /** The server's address, for messages. */
  String address() {
    return base;
  }

  /** {@code GET /v1/<path>} with {@code token}. */
  CompletableFuture<Reply> get(String path, SecretValue token) {
    return send("GET", path, null, token);
  }

  /** {@code POST /v1/<path>} with a JSON body, and {@code token} when present. */
  CompletableFuture<Reply> post(String path, JsonNode body, SecretValue token) {
    return send("POST", path, body, token);
  }

  private CompletableFuture<Reply> send(
      String method, String path, JsonNode body, SecretValue token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/v1/" + path))
            .timeout(options.requestTimeout())
            .header("Accept", "application/json");
    if (token != null) {
      request.header("X-Vault-Token", token.reveal());
    }
    options.namespace().ifPresent(ns -> request.header("X-Vault-Namespace", ns));
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return client
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(response -> new Reply(response.statusCode(), parse(response.body())));
  }

  private static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  /** Stops the client: requests in flight fail, idle connections close. */
  void close() {
    client.shutdownNow();
  }
}
