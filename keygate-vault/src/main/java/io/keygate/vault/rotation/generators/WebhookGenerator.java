package io.keygate.vault.rotation.generators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.VaultException.BadParameter;
import io.keygate.vault.rotation.Generator;
import io.keygate.vault.rotation.GeneratorSpec;
import io.keygate.vault.rotation.IsoDurations;
import io.keygate.vault.rotation.RotationContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code webhook}: asks an HTTPS endpoint to perform the rotation at the target (the role Azure
 * Functions play for Key Vault). The POST body is {@code {"vault","name","credential","value"}}
 * where {@code value} is a fresh random value when {@code mode} is {@code send} (the endpoint
 * installs it and confirms with 2xx) and absent when {@code mode} is {@code receive} (the endpoint
 * answers {@code {"value": "..."}}). The request is signed with {@link WebhookSignature}, times out
 * after {@code timeout} and is tried {@code 1 + retries} times with back-off.
 */
public final class WebhookGenerator implements Generator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI url;
  private final String hmacKeySecret;
  private final Duration timeout;
  private final int retries;
  private final boolean send;
  private final HttpClient client;

  WebhookGenerator(GeneratorSpec spec, HttpClient client) {
    this.url =
        WebhookUrls.check(
            "generator webhook", spec.string("url", ""), spec.flag("allowInsecureLoopback", false));
    this.hmacKeySecret = spec.string("hmacKey", "");
    if (!hmacKeySecret.matches("[0-9a-zA-Z-]{1,127}")) {
      throw new BadParameter("generator webhook: hmacKey must name a secret of the same vault");
    }
    this.timeout =
        IsoDurations.parse("generator webhook: timeout", spec.string("timeout", "PT10S"));
    if (timeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new BadParameter("generator webhook: timeout must be at most PT5M");
    }
    this.retries = spec.integer("retries", 3);
    Generators.range("webhook", "retries", retries, 0, 10);
    String mode = spec.string("mode", "send");
    if (!mode.equals("send") && !mode.equals("receive")) {
      throw new BadParameter("generator webhook: mode must be send or receive");
    }
    this.send = mode.equals("send");
    this.client = client;
  }

  @Override
  public SecretValue generate(RotationContext context) {
    SecretValue value = send ? SecretValue.of(RandomGenerator.base64url(32)) : null;
    ObjectNode body = JSON.createObjectNode();
    body.put("vault", context.vault()).put("name", context.name());
    context.credential().ifPresent(c -> body.put("credential", c));
    if (value != null) {
      body.put("value", value.reveal());
    }
    byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
    SecretValue key = context.secrets().apply(hmacKeySecret);
    String lastFailure = "no attempt";
    for (int attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) {
        pause(attempt);
      }
      long timestamp = context.now().getEpochSecond();
      HttpRequest request =
          HttpRequest.newBuilder(url)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
              .header(WebhookSignature.HEADER, WebhookSignature.sign(key, timestamp, payload))
              .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
              .build();
      try {
        HttpResponse<byte[]> response =
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status / 100 == 2) {
          return value != null ? value : received(response.body());
        }
        lastFailure = "HTTP " + status;
        if (status / 100 == 4 && status != 408 && status != 429) {
          break;
        }
      } catch (IOException e) {
        lastFailure = e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("rotation webhook interrupted");
      }
    }
    throw new IllegalStateException(
        "rotation webhook " + WebhookUrls.redacted(url) + " failed: " + lastFailure);
  }

  private static SecretValue received(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null
          && node.hasNonNull("value")
          && node.get("value").isTextual()
          && !node.get("value").asText().isEmpty()) {
        return SecretValue.of(node.get("value").asText());
      }
    } catch (IOException e) {
      // fall through: the message must not echo the body
    }
    throw new IllegalStateException("rotation webhook answered without a \"value\" string");
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(Math.min(100L << (attempt - 1), 2_000L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("rotation webhook interrupted");
    }
  }
}
