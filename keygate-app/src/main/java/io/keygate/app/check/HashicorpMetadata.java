package io.keygate.app.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.check.ApiKeyMetadata;
import io.keygate.check.MetadataSource;
import io.keygate.check.MetadataUnavailableException;
import io.keygate.check.SecretMetadata;
import io.keygate.check.VersionMetadata;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.hashicorp.HashicorpAuth;
import io.keygate.sources.hashicorp.HashicorpSourceOptions;
import io.keygate.sources.watch.PemTrust;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --source hashicorp://}: KV v2 metadata ({@code GET /v1/<mount>/metadata/<path>}), never
 * {@code data/}: the token needs {@code read} on {@code <mount>/metadata/*} only. Each version's
 * {@code deletion_time} is its end: in the future it is the version's expiry ({@code
 * delete_version_after}), in the past the version is deleted (served as disabled), and a destroyed
 * version is disabled too. {@code custom_metadata} are the tags. KV has no rotation policies, so
 * the rotation rules skip these secrets.
 */
final class HashicorpMetadata implements MetadataSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HashicorpSourceOptions options;
  private final Optional<String> mount;
  private final Instant now;
  private final HttpClient http;
  private final String base;
  private SecretValue token;

  /**
   * @param mount when present, only references to this mount are answered
   */
  HashicorpMetadata(HashicorpSourceOptions options, Optional<String> mount, Instant now) {
    this.options = options;
    this.mount = mount;
    this.now = now;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(options.requestTimeout());
    options.caCertificates().ifPresent(pem -> builder.sslContext(PemTrust.trusting(pem)));
    this.http = builder.build();
    String address = options.address().toString();
    this.base = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
  }

  @Override
  public boolean covers(SecretRef ref) {
    return "hashicorp".equals(ref.source()) && mount.map(m -> m.equals(ref.vault())).orElse(true);
  }

  @Override
  public List<ApiKeyMetadata> apiKeys() {
    return List.of();
  }

  @Override
  public Optional<SecretMetadata> describe(SecretRef ref) {
    Reply reply = send("GET", ref.vault() + "/metadata/" + ref.name(), null, token());
    if (reply.status() == 404) {
      return Optional.empty();
    }
    if (reply.status() != 200) {
      throw refused(reply.status(), ref.vault() + "/metadata/" + ref.name());
    }
    JsonNode data = reply.body().path("data");
    Map<String, String> tags = new LinkedHashMap<>();
    data.path("custom_metadata")
        .properties()
        .forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    List<VersionMetadata> versions = new ArrayList<>();
    data.path("versions")
        .properties()
        .forEach(e -> versions.add(version(e.getKey(), e.getValue(), tags)));
    versions.sort(Comparator.comparingLong(v -> Long.parseLong(v.version())));
    String current = data.path("current_version").asText("");
    return Optional.of(
        SecretMetadata.withoutRotation(
            new SecretRef(
                ref.source(), ref.vault(), ref.name(), Optional.empty(), Optional.empty()),
            current,
            versions));
  }

  private VersionMetadata version(String number, JsonNode v, Map<String, String> tags) {
    Optional<Instant> end = instant(v.path("deletion_time"));
    boolean deleted = end.isPresent() && !now.isBefore(end.get());
    boolean destroyed = v.path("destroyed").asBoolean(false);
    return new VersionMetadata(
        number,
        !deleted && !destroyed,
        Optional.empty(),
        deleted ? Optional.empty() : end,
        instant(v.path("created_time")).orElse(Instant.EPOCH),
        Optional.empty(),
        tags);
  }

  private static Optional<Instant> instant(JsonNode node) {
    String text = node.asText("");
    return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
  }

  /** The token: the configured one, or an AppRole login's (once per check). */
  private SecretValue token() {
    if (token != null) {
      return token;
    }
    token =
        switch (options.auth()) {
          case HashicorpAuth.Token fixed -> fixed.token();
          case HashicorpAuth.AppRole role -> login(role);
        };
    return token;
  }

  private SecretValue login(HashicorpAuth.AppRole role) {
    String body =
        JSON.createObjectNode()
            .put("role_id", role.roleId())
            .put("secret_id", role.secretId().reveal())
            .toString();
    Reply reply = send("POST", "auth/" + role.mount() + "/login", body, null);
    String issued = reply.body().path("auth").path("client_token").asText("");
    if (reply.status() != 200 || issued.isEmpty()) {
      throw refused(reply.status(), "auth/" + role.mount() + "/login");
    }
    return SecretValue.of(issued);
  }

  private MetadataUnavailableException refused(int status, String path) {
    String why =
        status == 401 || status == 403
            ? "refused the check's token (HTTP " + status + "): it needs read on "
            : "answered HTTP " + status + " for ";
    return new MetadataUnavailableException(
        "HashiCorp Vault at " + base + " " + why + "/v1/" + path);
  }

  private record Reply(int status, JsonNode body) {}

  private Reply send(String method, String path, String body, SecretValue with) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/v1/" + path))
            .timeout(options.requestTimeout())
            .header("Accept", "application/json");
    if (with != null) {
      request.header("X-Vault-Token", with.reveal());
    }
    options.namespace().ifPresent(ns -> request.header("X-Vault-Namespace", ns));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode parsed;
      try {
        parsed =
            response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
      } catch (IOException notJson) {
        parsed = JSON.createObjectNode();
      }
      return new Reply(response.statusCode(), parsed);
    } catch (IOException e) {
      throw new MetadataUnavailableException(
          "HashiCorp Vault at " + base + " is unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetadataUnavailableException("interrupted while asking HashiCorp Vault", e);
    }
  }
}
