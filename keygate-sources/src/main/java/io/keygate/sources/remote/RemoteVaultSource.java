package io.keygate.sources.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.embedded.JsonField;
import io.keygate.sources.watch.PemTrust;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code keygate://vault/name[#version][#/field]}: a Keygate vault on another machine, over HTTPS
 * ({@code POST /v1/resolve}), on behalf of the caller.
 *
 * <p>Guarantees: the remote checks the caller's principals exactly as the embedded vault does and
 * writes the audit entry naming the caller and this node; this node only relays (its token needs
 * {@code gateway-node} or admin on the remote). TLS trusts only the configured certificate when one
 * is given. Requests are asynchronous (the JDK HTTP client) and bounded by the request timeout. The
 * remote's refusals keep their status and code (403 {@code ForbiddenByRbac}, 404 ...); a remote
 * that is unreachable, times out, fails, or refuses this node's own token is a 5xx, so the gateway
 * keeps serving cached values (stale-if-error). Events come from the remote's event stream ({@link
 * EventStreamClient}); after a gap, {@link SecretEvent.Type#RESYNC}. Never logs a value.
 */
public final class RemoteVaultSource implements SecretSource, AutoCloseable {
  public static final String SCHEME = "keygate";
  private static final Logger log = LoggerFactory.getLogger(RemoteVaultSource.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RemoteVaultOptions options;
  private final HttpClient http;
  private final NodeTokens tokens;
  private final EventStreamClient events;

  private RemoteVaultSource(RemoteVaultOptions options, HttpClient http, Clock clock) {
    this.options = options;
    this.http = http;
    this.tokens = new NodeTokens(options, http, clock);
    this.events = new EventStreamClient(options, http, tokens, clock);
  }

  /** A source for the remote {@code options} names; its event stream connects at once. */
  public static RemoteVaultSource create(RemoteVaultOptions options, Clock clock) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(options.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1);
    options.caCertificate().ifPresent(pem -> builder.sslContext(PemTrust.trusting(pem)));
    RemoteVaultSource source = new RemoteVaultSource(options, builder.build(), clock);
    source.events.start();
    return source;
  }

  @Override
  public CompletionStage<ResolvedSecret> resolve(SecretRef ref, Caller caller) {
    ObjectNode body = JSON.createObjectNode();
    body.put("vault", ref.vault());
    body.put("name", ref.name());
    ref.version().ifPresent(v -> body.put("version", v));
    var principals = body.putArray("principals");
    caller.principals().forEach(principals::add);
    body.put("node", caller.node());
    body.put("api", caller.api());
    body.put("requestId", caller.requestId());
    return tokens.current().thenCompose(token -> send(ref, body.toString(), token));
  }

  private CompletionStage<ResolvedSecret> send(SecretRef ref, String body, String token) {
    HttpRequest request =
        HttpRequest.newBuilder(options.resolve("/v1/resolve"))
            .timeout(options.requestTimeout())
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, error) -> {
              if (error != null) {
                Throwable cause =
                    error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
                log.debug("Remote vault {} unreachable: {}", options.url(), cause.toString());
                throw new SecretAccessException(
                    503,
                    "SecretSourceUnavailable",
                    "the remote vault "
                        + options.url()
                        + " could not be reached ("
                        + cause.getClass().getSimpleName()
                        + ")");
              }
              if (response.statusCode() == 401) {
                tokens.forget(token);
              }
              return answer(ref, response);
            });
  }

  private ResolvedSecret answer(SecretRef ref, HttpResponse<byte[]> response) {
    byte[] bytes = response.body();
    JsonNode json;
    try {
      json = JSON.readTree(bytes);
    } catch (IOException e) {
      json = null;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    int status = response.statusCode();
    if (status == 200 && json != null && json.path("value").isTextual()) {
      SecretValue value = SecretValue.of(json.path("value").textValue());
      String version = json.path("version").asText("");
      Optional<Instant> expires =
          json.path("expires").isIntegralNumber()
              ? Optional.of(Instant.ofEpochSecond(json.path("expires").longValue()))
              : Optional.empty();
      SecretValue served =
          ref.field().isEmpty()
              ? value
              : JsonField.extract(
                  value, ref.field().get(), ref.vault() + "/" + ref.name() + " version " + version);
      return new ResolvedSecret(ref, served, version, expires);
    }
    JsonNode error = json == null ? null : json.path("error");
    String code = error == null ? "" : error.path("code").asText("");
    String message = error == null ? "" : error.path("message").asText("");
    if (status == 401 || "NodeNotAllowed".equals(code)) {
      // This node's own credential is wrong: not the caller's fault, and not to be cached as a
      // refusal of the caller.
      throw new SecretAccessException(
          502,
          "RemoteVaultRefusedNode",
          "the remote vault " + options.url() + " refused this node (" + status + " " + code + ")");
    }
    if (status >= 400 && status < 500 && !code.isEmpty()) {
      throw new SecretAccessException(status, code, message);
    }
    throw new SecretAccessException(
        502,
        "SecretSourceFailed",
        "the remote vault "
            + options.url()
            + " failed to resolve "
            + ref
            + " ("
            + status
            + (code.isEmpty() ? "" : " " + code)
            + ")");
  }

  @Override
  public AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    return events.subscribe(listener);
  }

  /** Stops the event stream. */
  @Override
  public void close() {
    events.close();
    http.shutdownNow();
  }
}
