package io.keygate.gateway.auth.jwt;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches discovery documents and JWKS over the event loop's non-blocking HTTP client: no
 * redirects, a deadline, and a body size limit enforced while reading (a provider cannot make the
 * gateway buffer an unbounded answer).
 */
final class JsonFetcher {
  private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*(\\d{1,9})");

  /**
   * @param body the response body
   * @param maxAge the {@code Cache-Control: max-age}, or null when absent
   */
  record Document(String body, Duration maxAge) {}

  /** A failed fetch; the message names the URI and what went wrong, nothing secret. */
  static final class FetchException extends RuntimeException {
    FetchException(String message) {
      super(message, null, false, false);
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final JwtSettings settings;

  JsonFetcher(Vertx vertx, HttpClient client, JwtSettings settings) {
    this.vertx = vertx;
    this.client = client;
    this.settings = settings;
  }

  /**
   * GETs {@code uri}; fails on a non-200 answer, a body over the size limit, or when the whole
   * exchange takes longer than the fetch timeout (a provider trickling bytes cannot hold the
   * cache's single in-flight fetch forever).
   */
  Future<Document> get(String uri) {
    Promise<Document> result = Promise.promise();
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    long deadline =
        vertx.setTimer(
            settings.fetchTimeout().toMillis(),
            id -> {
              if (result.tryFail(new FetchException(uri + ": timed out"))) {
                HttpClientRequest r = sent.get();
                if (r != null) {
                  r.reset();
                }
              }
            });
    result.future().onComplete(ar -> vertx.cancelTimer(deadline));
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(uri)
            .setFollowRedirects(false)
            .setTimeout(settings.fetchTimeout().toMillis())
            .putHeader("Accept", "application/json");
    client
        .request(options)
        .onFailure(e -> result.tryFail(new FetchException(uri + ": " + e.getMessage())))
        .onSuccess(
            request -> {
              sent.set(request);
              request
                  .response()
                  .onFailure(e -> result.tryFail(new FetchException(uri + ": " + e.getMessage())))
                  .onSuccess(response -> read(uri, request, response, result));
              request.end();
            });
    return result.future();
  }

  private void read(
      String uri,
      HttpClientRequest request,
      HttpClientResponse response,
      Promise<Document> result) {
    int limit = settings.maxDocumentBytes();
    if (response.statusCode() != 200) {
      result.tryFail(new FetchException(uri + ": HTTP " + response.statusCode()));
      request.reset();
      return;
    }
    String length = response.getHeader("Content-Length");
    if (length != null && parseLong(length) > limit) {
      result.tryFail(new FetchException(uri + ": larger than " + limit + " bytes"));
      request.reset();
      return;
    }
    Buffer body = Buffer.buffer();
    response.exceptionHandler(e -> result.tryFail(new FetchException(uri + ": " + e.getMessage())));
    response.handler(
        chunk -> {
          if (body.length() + chunk.length() > limit) {
            result.tryFail(new FetchException(uri + ": larger than " + limit + " bytes"));
            request.reset();
          } else {
            body.appendBuffer(chunk);
          }
        });
    response.endHandler(
        v ->
            result.tryComplete(
                new Document(
                    body.toString(StandardCharsets.UTF_8),
                    maxAge(response.getHeader("Cache-Control")))));
  }

  static Duration maxAge(String cacheControl) {
    if (cacheControl == null) {
      return null;
    }
    Matcher m = MAX_AGE.matcher(cacheControl.toLowerCase(Locale.ROOT));
    return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : null;
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
