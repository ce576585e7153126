package io.keygate.gateway.chain;

import io.keygate.gateway.config.ApiDefinition;
import io.keygate.gateway.routing.Route;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One request on its way through the chain: the client's request, the API it matched (the
 * definition in force when it arrived, kept for the whole exchange even if a reload swaps it), the
 * normalized path that routing and authorization decided on, the caller's identity once known, and
 * what later steps add for the upstream and for the response.
 *
 * <p>An exchange belongs to one event loop and is not shared between threads.
 */
public final class Exchange {
  private final HttpServerRequest request;
  private final ApiDefinition api;
  private final String requestId;
  private final String normalizedPath;
  private String upstreamPath;
  private final long startNanos;
  private final MultiMap upstreamHeaders = MultiMap.caseInsensitiveMultiMap();
  private final MultiMap responseHeaders = MultiMap.caseInsensitiveMultiMap();
  private final Map<String, Object> attributes = new HashMap<>();
  private Identity identity = Identity.ANONYMOUS;
  private final Route route;
  private long upstreamNanos = -1;
  private Throwable clientFailure;

  public Exchange(
      HttpServerRequest request,
      ApiDefinition api,
      String requestId,
      String normalizedPath,
      String upstreamPath,
      long startNanos) {
    this(request, null, api, requestId, normalizedPath, upstreamPath, startNanos);
  }

  /** An exchange routed by the gateway's listener; {@code route} carries the API's upstream. */
  public Exchange(
      HttpServerRequest request,
      Route route,
      String requestId,
      String normalizedPath,
      String upstreamPath,
      long startNanos) {
    this(request, route, route.api(), requestId, normalizedPath, upstreamPath, startNanos);
  }

  private Exchange(
      HttpServerRequest request,
      Route route,
      ApiDefinition api,
      String requestId,
      String normalizedPath,
      String upstreamPath,
      long startNanos) {
    this.request = Objects.requireNonNull(request, "request");
    this.api = Objects.requireNonNull(api, "api");
    this.requestId = Objects.requireNonNull(requestId, "requestId");
    this.normalizedPath = Objects.requireNonNull(normalizedPath, "normalizedPath");
    this.upstreamPath = Objects.requireNonNull(upstreamPath, "upstreamPath");
    this.startNanos = startNanos;
    this.route = route;
  }

  /** The compiled route (upstream pool, timeouts, meters), or null outside the listener. */
  /**
   * What broke the client's side of this request (a body its decoder refused, the connection
   * closed), or null: a failure that follows upstream is then the client's, not the upstream's.
   */
  public Throwable clientFailure() {
    return clientFailure;
  }

  /** Records the first failure of the client's side of the request. */
  public void clientFailed(Throwable cause) {
    if (clientFailure == null) {
      clientFailure = cause;
    }
  }

  public Route route() {
    return route;
  }

  /** Time from sending the upstream request to its response head, or -1 if none was received. */
  public long upstreamNanos() {
    return upstreamNanos;
  }

  public void upstreamNanos(long nanos) {
    this.upstreamNanos = nanos;
  }

  /** The client's request; its body has not been read unless a step buffered it. */
  public HttpServerRequest request() {
    return request;
  }

  public ApiDefinition api() {
    return api;
  }

  public String requestId() {
    return requestId;
  }

  /** The path routing and authorization decided on: decoded, dot-segments removed. */
  public String normalizedPath() {
    return normalizedPath;
  }

  /** The path (and query) the upstream receives, meaning the same as {@link #normalizedPath()}. */
  public String upstreamPath() {
    return upstreamPath;
  }

  /**
   * Replaces the path (and query) the upstream receives; for steps that remove something the
   * upstream must not see, such as an API key passed as a query parameter. It must mean the same
   * resource as {@link #normalizedPath()}.
   */
  public void upstreamPath(String changed) {
    this.upstreamPath = Objects.requireNonNull(changed, "upstreamPath");
  }

  public long startNanos() {
    return startNanos;
  }

  public Identity identity() {
    return identity;
  }

  public void identity(Identity authenticated) {
    this.identity = Objects.requireNonNull(authenticated, "identity");
  }

  /**
   * Headers to set on the upstream request. A header named here replaces any the client sent with
   * the same name; it is never appended to the client's.
   */
  public MultiMap upstreamHeaders() {
    return upstreamHeaders;
  }

  /** Headers to add to the response to the client (for example {@code X-RateLimit-Remaining}). */
  public MultiMap responseHeaders() {
    return responseHeaders;
  }

  /** Per-exchange values that steps share (for example the secret versions injected). */
  public Map<String, Object> attributes() {
    return attributes;
  }
}
