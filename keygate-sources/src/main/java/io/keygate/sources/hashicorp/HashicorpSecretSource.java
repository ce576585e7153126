package io.keygate.sources.hashicorp;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.secrets.Caller;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.watch.JsonFields;
import io.keygate.sources.watch.SourceListeners;
import io.keygate.sources.watch.VersionWatcher;
import io.keygate.sources.watch.VersionWatcher.State;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * HashiCorp Vault's KV v2 engine (or Keygate's KV v2-compatible API) as a {@link SecretSource}:
 * resolves {@code hashicorp://<mount>/<path>[#version][#/json/pointer]}. The secret is KV v2's data
 * object; a pointer selects one field (a string as is, anything else as JSON), no pointer gives the
 * whole object as JSON text. Versions are KV integers.
 *
 * <p>Guarantees: never blocks the calling thread; failures are {@link SecretAccessException}s
 * naming the reference and the server, never a value: 404 {@code SecretNotFound} (also for a
 * deleted or destroyed version), 404 {@code SecretFieldNotFound}, and 5xx for anything about the
 * source itself (refused token, unreachable), so the gateway keeps serving the last good value. A
 * refused AppRole token is replaced by a new login and the read retried once. Every secret served
 * at its current version is watched through {@code metadata/<path>} on the configured interval.
 */
public final class HashicorpSecretSource implements SecretSource, AutoCloseable {
  /** The scheme this source serves. */
  public static final String SCHEME = "hashicorp";

  private final VaultHttp http;
  private final VaultLogin login;
  private final SourceListeners listeners = new SourceListeners();
  private final VersionWatcher watcher;

  private HashicorpSecretSource(HashicorpSourceOptions options, Clock clock) {
    this.http = new VaultHttp(options);
    this.login = new VaultLogin(options.auth(), http, clock);
    this.watcher =
        new VersionWatcher(
            "hashicorp", options.pollInterval(), this::probe, listeners::publish, clock);
  }

  /**
   * A source for the server {@code options} describe. Invalid settings (an unreadable CA file) are
   * an {@link IllegalArgumentException}; nothing is contacted yet.
   */
  public static HashicorpSecretSource create(HashicorpSourceOptions options) {
    return new HashicorpSecretSource(options, Clock.systemUTC());
  }

  @Override
  public CompletionStage<ResolvedSecret> resolve(SecretRef ref, Caller caller) {
    if (!SCHEME.equals(ref.source())) {
      return CompletableFuture.failedFuture(
          new SecretAccessException(
              400,
              "UnsupportedSource",
              "secret reference " + ref + " is not a hashicorp:// reference"));
    }
    String path =
        ref.vault() + "/data/" + ref.name() + ref.version().map(v -> "?version=" + v).orElse("");
    return read(path, true)
        .thenApply(
            reply -> {
              if (reply.status() == 404) {
                throw new SecretAccessException(
                    404,
                    "SecretNotFound",
                    "secret "
                        + ref
                        + " was not found in HashiCorp Vault "
                        + http.address()
                        + (deleted(reply.body()) ? " (that version is deleted or destroyed)" : ""));
              }
              failUnlessOk(reply, ref.toString());
              return served(ref, reply.body().path("data"));
            });
  }

  private ResolvedSecret served(SecretRef ref, JsonNode data) {
    JsonNode object = data.path("data");
    String version = data.path("metadata").path("version").asText("");
    if (!object.isObject() || version.isEmpty()) {
      throw new SecretAccessException(
          404,
          "SecretNotFound",
          "secret "
              + ref
              + " has no data in HashiCorp Vault "
              + http.address()
              + " (deleted or destroyed)");
    }
    SecretValue value =
        ref.field().isPresent()
            ? JsonFields.select(object, ref.field().get(), ref.toString())
            : SecretValue.of(JsonFields.text(object));
    if (ref.version().isEmpty()) {
      watcher.served(ref.vault(), ref.name(), version);
    }
    return new ResolvedSecret(ref, value, version, Optional.empty());
  }

  private CompletionStage<State> probe(String mount, String path) {
    String secret = "hashicorp://" + mount + "/" + path;
    return read(mount + "/metadata/" + path, true)
        .thenApply(
            reply -> {
              if (reply.status() == 404) {
                return State.gone();
              }
              failUnlessOk(reply, secret);
              JsonNode data = reply.body().path("data");
              String current = data.path("current_version").asText("0");
              JsonNode version = data.path("versions").path(current);
              if ("0".equals(current) || version.isMissingNode()) {
                return State.gone();
              }
              if (version.path("destroyed").asBoolean(false)
                  || !version.path("deletion_time").asText("").isEmpty()) {
                return State.disabled();
              }
              return State.current(current);
            });
  }

  /**
   * A read with the current token; a refused AppRole token is replaced and the read retried once.
   */
  private CompletableFuture<VaultHttp.Reply> read(String path, boolean retry) {
    return login
        .token()
        .thenCompose(
            token ->
                http.get(path, token)
                    .exceptionally(
                        error -> {
                          throw new SecretAccessException(
                              503,
                              "SecretSourceUnavailable",
                              "HashiCorp Vault " + http.address() + " could not be reached");
                        })
                    .thenCompose(
                        reply -> {
                          if (reply.status() == 403 && retry && login.canLogInAgain()) {
                            login.refused(token);
                            return read(path, false);
                          }
                          return CompletableFuture.completedFuture(reply);
                        }));
  }

  private void failUnlessOk(VaultHttp.Reply reply, String secret) {
    if (reply.status() == 200) {
      return;
    }
    if (reply.status() == 403) {
      throw new SecretAccessException(
          502,
          "SecretSourceForbidden",
          "HashiCorp Vault "
              + http.address()
              + " refused Keygate's token for secret "
              + secret
              + " (permission denied)");
    }
    throw new SecretAccessException(
        reply.status() >= 500 ? 503 : 502,
        "SecretSourceUnavailable",
        "HashiCorp Vault "
            + http.address()
            + " answered "
            + reply.status()
            + " for secret "
            + secret);
  }

  private static boolean deleted(JsonNode body) {
    JsonNode metadata = body.path("data").path("metadata");
    return metadata.path("destroyed").asBoolean(false)
        || !metadata.path("deletion_time").asText("").isEmpty();
  }

  /**
   * {@link Readability#NOT_FOUND} when {@code metadata/<path>} is 404 (or lacks the pinned
   * version), else {@link Readability#UNKNOWN}: Keygate's own token reads, so who else could is not
   * a question Vault answers. Metadata only; any failure is UNKNOWN.
   */
  @Override
  public CompletionStage<Readability> readability(SecretRef ref) {
    if (!SCHEME.equals(ref.source())) {
      return CompletableFuture.completedFuture(Readability.UNKNOWN);
    }
    return read(ref.vault() + "/metadata/" + ref.name(), true)
        .handle(
            (reply, error) -> {
              if (error != null) {
                return Readability.UNKNOWN;
              }
              if (reply.status() == 404) {
                return Readability.NOT_FOUND;
              }
              if (reply.status() == 200
                  && ref.version().isPresent()
                  && reply
                      .body()
                      .path("data")
                      .path("versions")
                      .path(ref.version().get())
                      .isMissingNode()) {
                return Readability.NOT_FOUND;
              }
              return Readability.UNKNOWN;
            });
  }

  @Override
  public AutoCloseable subscribe(Consumer<SecretEvent> listener) {
    return listeners.subscribe(listener);
  }

  /** Checks every watched secret's metadata now (what the poller does on its interval). */
  public CompletionStage<Void> pollNow() {
    return watcher.pollNow();
  }

  /** Stops polling and closes the HTTP client. */
  @Override
  public void close() {
    watcher.close();
    http.close();
  }
}
