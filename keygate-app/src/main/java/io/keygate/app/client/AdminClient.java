package io.keygate.app.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * A blocking client of the admin HTTPS API, for CLI commands. It sends the admin token as a bearer
 * token, trusts exactly the pinned certificate when one is given (else the system trust store), and
 * turns error answers into {@link AdminApiException} and connection failures into {@link
 * AdminUnreachableException}.
 */
public final class AdminClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final URI base;
  private final String token;
  private final HttpClient http;

  private AdminClient(URI base, String token, HttpClient http) {
    this.base = base;
    this.token = token;
    this.http = http;
  }

  /**
   * A client of the API at {@code address} (for example {@code https://127.0.0.1:8443}).
   *
   * @param pinnedCertificate a PEM certificate file to trust instead of the system trust store
   */
  public static AdminClient create(URI address, String token, Optional<Path> pinnedCertificate) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER);
    pinnedCertificate.ifPresent(file -> builder.sslContext(pinned(file)));
    String text = address.toString();
    URI base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    return new AdminClient(base, token, builder.build());
  }

  private static SSLContext pinned(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no certificate in " + file);
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("pinned-" + index++, certificate);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read the certificate to trust from " + file + ": " + e.getMessage(), e);
    }
  }

  /** Percent-encodes one path segment. */
  public static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  public JsonNode put(String path, JsonNode body) {
    return send("PUT", path, body);
  }

  public JsonNode patch(String path, JsonNode body) {
    return send("PATCH", path, body);
  }

  public JsonNode post(String path, JsonNode body) {
    return send("POST", path, body);
  }

  public JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  /** A new empty JSON object, for request bodies. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** The path and query of an absolute link the API returned (such as {@code nextLink}). */
  public static String pathOf(String link) {
    URI uri = URI.create(link);
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /**
   * Sends a request; {@code body} may be null. Returns the JSON answer, or an empty object for a
   * 204.
   */
  public JsonNode send(String method, String path, JsonNode body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(write(body)));
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminUnreachableException("interrupted while waiting for " + base, e);
    } catch (IOException e) {
      throw new AdminUnreachableException(describe(e), e);
    }
    return answer(response);
  }

  private JsonNode answer(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    JsonNode json = parse(response.body());
    if (status >= 200 && status < 300) {
      return json == null ? object() : json;
    }
    JsonNode error = json == null ? null : json.get("error");
    if (error != null && error.hasNonNull("code")) {
      throw new AdminApiException(
          status, error.get("code").asText(), error.path("message").asText(""));
    }
    throw new AdminApiException(
        status, "HttpStatus" + status, "the server at " + base + " answered HTTP " + status);
  }

  private static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] write(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the request", e);
    }
  }

  private String describe(IOException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException)) {
      return "no answer from " + base + " within " + TIMEOUT.toSeconds() + "s";
    }
    if (e instanceof SSLException || root instanceof GeneralSecurityException) {
      return "TLS with "
          + base
          + " failed ("
          + kind(root)
          + "): the server's certificate is not the trusted one; pass --ca-cert or --data";
    }
    return "cannot connect to " + base + ": is `keygate serve` running there? (" + kind(root) + ")";
  }

  private static String kind(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
