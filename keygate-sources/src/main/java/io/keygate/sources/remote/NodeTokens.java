package io.keygate.sources.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.secrets.SecretAccessException;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * This node's bearer token for the remote: the fixed one, or one obtained with the app's client
 * credentials and reused until two thirds of its lifetime have passed (one request in flight at a
 * time). A refused token can be {@link #forget forgotten} so the next call fetches a new one.
 * Failures are 502 {@code RemoteVaultRefusedNode} (credentials refused) or 503 (endpoint
 * unreachable); messages never contain a secret.
 */
final class NodeTokens {
  static final String SCOPE = "api://keygate/.default";
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Held(String token, Instant refreshAt) {}

  private final RemoteVaultOptions options;
  private final HttpClient http;
  private final Clock clock;
  private Held held;
  private CompletableFuture<String> fetching;

  NodeTokens(RemoteVaultOptions options, HttpClient http, Clock clock) {
    this.options = options;
    this.http = http;
    this.clock = clock;
  }

  synchronized CompletionStage<String> current() {
    if (options.credential() instanceof NodeCredential.Token fixed) {
      return CompletableFuture.completedFuture(fixed.token().reveal());
    }
    if (held != null && clock.instant().isBefore(held.refreshAt())) {
      return CompletableFuture.completedFuture(held.token());
    }
    if (fetching == null) {
      CompletableFuture<String> fetch = fetch((NodeCredential.ClientSecret) options.credential());
      fetching = fetch;
      fetch.whenComplete((token, error) -> done());
    }
    return fetching;
  }

  /** Drops {@code token} if it is the one held (the remote refused it). */
  synchronized void forget(String token) {
    if (held != null && held.token().equals(token)) {
      held = null;
    }
  }

  private synchronized void done() {
    fetching = null;
  }

  private CompletableFuture<String> fetch(NodeCredential.ClientSecret app) {
    String form =
        "grant_type=client_credentials&client_id="
            + encode(app.clientId())
            + "&client_secret="
            + encode(app.clientSecret().reveal())
            + "&scope="
            + encode(SCOPE);
    HttpRequest request =
        HttpRequest.newBuilder(options.resolve("/" + app.tenant() + "/oauth2/v2.0/token"))
            .timeout(options.requestTimeout())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    Instant asked = clock.instant();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, error) -> {
              if (error != null) {
                throw new SecretAccessException(
                    503,
                    "SecretSourceUnavailable",
                    "the token endpoint of the remote vault "
                        + options.url()
                        + " could not be reached");
              }
              return token(app, response, asked);
            });
  }

  private synchronized String token(
      NodeCredential.ClientSecret app, HttpResponse<String> response, Instant asked) {
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      json = JSON.createObjectNode();
    }
    if (response.statusCode() != 200 || !json.path("access_token").isTextual()) {
      throw new SecretAccessException(
          502,
          "RemoteVaultRefusedNode",
          "the remote vault "
              + options.url()
              + " did not issue a token to app "
              + app.clientId()
              + " ("
              + response.statusCode()
              + " "
              + json.path("error").asText("")
              + ")");
    }
    long lifetime = Math.max(1, json.path("expires_in").asLong(300));
    held =
        new Held(
            json.path("access_token").textValue(),
            asked.plus(Duration.ofSeconds(lifetime * 2 / 3)));
    return held.token();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
