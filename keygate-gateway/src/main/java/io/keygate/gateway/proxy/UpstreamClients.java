package io.keygate.gateway.proxy;

import io.keygate.gateway.chain.Exchange;
import io.keygate.gateway.credentials.ClientCertificate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP clients upstream requests go through. Most APIs share one keep-alive client (its pools
 * are per target). An API whose upstream has its own CA ({@code upstream.ca}) or that presents a
 * client certificate from a secret ({@code inject: - clientCertificate: ...}) gets a client of its
 * own per (CA file, certificate secret), built with the certificate chain and key in memory (never
 * written to disk) and pooling its connections per target like the shared one.
 *
 * <p>When a request carries a new version of a certificate, the client for the previous version is
 * shut down (gracefully: requests in flight finish, at most {@link #RETIRE_SECONDS} seconds) and a
 * new one takes its place, so no connection keeps presenting a superseded credential.
 */
public final class UpstreamClients implements AutoCloseable {
  static final long RETIRE_SECONDS = 30;
  private static final Logger log = LoggerFactory.getLogger(UpstreamClients.class);

  private record Slot(String version, HttpClient client) {}

  private final Vertx vertx;
  private final HttpClient shared;
  private final HttpClientOptions options;
  private final PoolOptions pool;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  /**
   * @param options the shared client's options, copied for the per-certificate clients
   */
  public UpstreamClients(Vertx vertx, HttpClientOptions options, PoolOptions pool) {
    this.vertx = vertx;
    this.options = new HttpClientOptions(options);
    this.pool = new PoolOptions(pool);
    this.shared = vertx.createHttpClient(options, pool);
  }

  /** The client for this exchange's upstream: the shared one unless its API needs its own TLS. */
  public HttpClient forExchange(Exchange exchange) {
    String ca = exchange.api().upstream().ca();
    ClientCertificate cert =
        (ClientCertificate) exchange.attributes().get(ClientCertificate.ATTRIBUTE);
    if (ca == null && cert == null) {
      return shared;
    }
    String slot = (ca == null ? "" : ca) + "|" + (cert == null ? "" : cert.secret());
    String version = cert == null ? "" : cert.version();
    Slot current = slots.get(slot);
    if (current != null && current.version().equals(version)) {
      return current.client();
    }
    return slots
        .compute(
            slot,
            (k, old) -> {
              if (old != null && old.version().equals(version)) {
                return old;
              }
              if (old != null) {
                log.info(
                    "Upstream client certificate {} is now version {}; retiring version {}",
                    cert == null ? "-" : cert.secret(),
                    version,
                    old.version());
                old.client().shutdown(RETIRE_SECONDS, TimeUnit.SECONDS);
              }
              return new Slot(version, vertx.createHttpClient(tlsOptions(ca, cert), pool));
            })
        .client();
  }

  private HttpClientOptions tlsOptions(String ca, ClientCertificate cert) {
    HttpClientOptions tls = new HttpClientOptions(options);
    if (ca != null) {
      tls.setTrustOptions(new PemTrustOptions().addCertPath(ca));
    }
    if (cert != null) {
      tls.setKeyCertOptions(
          new PemKeyCertOptions()
              .addCertValue(Buffer.buffer(cert.chain()))
              .addKeyValue(Buffer.buffer(cert.key().revealBytes())));
    }
    return tls;
  }

  /** Closes the shared client and every dedicated one. */
  public Future<Void> closeAll() {
    List<Future<Void>> closing = new ArrayList<>();
    closing.add(shared.close());
    slots.values().forEach(s -> closing.add(s.client().close()));
    slots.clear();
    return Future.join(closing).mapEmpty();
  }

  @Override
  public void close() {
    closeAll();
  }
}
