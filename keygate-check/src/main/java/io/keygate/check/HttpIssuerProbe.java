package io.keygate.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** {@code --online}: fetches an issuer's discovery document and JWKS over HTTPS (or HTTP). */
public final class HttpIssuerProbe implements IssuerProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final Duration timeout;

  /** A probe whose connections and requests each give up after {@code timeout}. */
  public HttpIssuerProbe(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public Optional<String> problem(
      String issuer, Optional<String> discovery, Optional<String> jwksUri) {
    String jwks;
    if (jwksUri.isPresent()) {
      jwks = jwksUri.get();
    } else {
      String doc =
          discovery.orElse(
              (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                  + "/.well-known/openid-configuration");
      JsonNode found;
      try {
        found = fetch(doc);
      } catch (ProbeFailure e) {
        return Optional.of("discovery document " + doc + ": " + e.getMessage());
      }
      if (!found.hasNonNull("jwks_uri")) {
        return Optional.of("discovery document " + doc + " has no jwks_uri");
      }
      jwks = found.get("jwks_uri").asText();
    }
    try {
      JsonNode keys = fetch(jwks);
      if (!keys.path("keys").isArray() || keys.path("keys").isEmpty()) {
        return Optional.of("JWKS " + jwks + " holds no keys");
      }
      return Optional.empty();
    } catch (ProbeFailure e) {
      return Optional.of("JWKS " + jwks + ": " + e.getMessage());
    }
  }

  private JsonNode fetch(String url) throws ProbeFailure {
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new ProbeFailure("HTTP " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new ProbeFailure(
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProbeFailure("interrupted");
    } catch (IllegalArgumentException e) {
      throw new ProbeFailure("not a valid URL");
    }
  }

  private static final class ProbeFailure extends Exception {
    ProbeFailure(String message) {
      super(message, null, false, false);
    }
  }
}
