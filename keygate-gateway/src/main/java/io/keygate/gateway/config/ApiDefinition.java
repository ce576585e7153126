package io.keygate.gateway.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;

/**
 * One API, as written in {@code apis/<name>.yaml}. Field names are the contract of DESIGN.md's
 * configuration section; extend, do not rename. Credentials never appear here, only secret
 * references.
 *
 * @param name unique API name
 * @param listen where the API is mounted on the gateway listener
 * @param upstream where requests go
 * @param auth how callers authenticate
 * @param policy the policy for callers whose credential carries none (JWT callers)
 * @param inject credentials added to upstream requests (from secret references)
 * @param isPublic an explicit acknowledgement that a keyless API is meant to be public
 * @param retryOnRotation which requests are replayed once when the upstream refuses (401/403) a
 *     credential that has since been rotated: {@code idempotent} (the default: GET, HEAD, OPTIONS,
 *     PUT, DELETE), {@code all} (POST and PATCH too: the upstream must tolerate a replay) or {@code
 *     never}
 */
public record ApiDefinition(
    String name,
    Listen listen,
    Upstream upstream,
    Auth auth,
    String policy,
    List<Inject> inject,
    @com.fasterxml.jackson.annotation.JsonProperty("public") Boolean isPublic,
    String retryOnRotation) {

  /** Without {@code retryOnRotation} (the default applies). */
  public ApiDefinition(
      String name,
      Listen listen,
      Upstream upstream,
      Auth auth,
      String policy,
      List<Inject> inject,
      Boolean isPublic) {
    this(name, listen, upstream, auth, policy, inject, isPublic, null);
  }

  /**
   * @param path the path prefix, ending in {@code /}
   * @param strip whether the prefix is removed before forwarding
   * @param host an optional host name to match
   */
  public record Listen(String path, Boolean strip, String host) {}

  /**
   * @param url a single upstream URL
   * @param targets several URLs, used round robin with passive health checks
   * @param connectTimeout e.g. {@code 5s}
   * @param readTimeout e.g. {@code 30s}
   * @param ca an absolute path to a PEM file of CA certificates that the upstream's TLS certificate
   *     must chain to, instead of the JDK's trust store (a private CA; public data, not a secret)
   */
  public record Upstream(
      String url, List<String> targets, String connectTimeout, String readTimeout, String ca) {

    /** Trusting the JDK's CA certificates. */
    public Upstream(String url, List<String> targets, String connectTimeout, String readTimeout) {
      this(url, targets, connectTimeout, readTimeout, null);
    }
  }

  /**
   * Exactly one of the three.
   *
   * @param jwt one or several accepted issuers
   * @param apiKey API keys, and where they are read from
   * @param keyless no authentication at all
   */
  public record Auth(
      @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<JwtAuthConfig> jwt,
      ApiKeyAuthConfig apiKey,
      Boolean keyless) {}

  /**
   * A credential injected into the upstream request. Exactly one target: a header, a query
   * parameter, HTTP Basic credentials ({@code value} is then {@code user:password}), or a TLS
   * client certificate for the connection to the upstream.
   *
   * @param header header name
   * @param query query parameter name
   * @param basic whether {@code value} is Basic credentials for the {@code Authorization} header
   * @param value a template with secret references such as {@code Bearer ${secret:payments/token}}
   * @param clientCertificate one secret reference, such as {@code ${secret:payments/client-cert}},
   *     whose value is a PEM certificate chain and its private key (upstream mTLS); no {@code
   *     value}
   */
  public record Inject(
      String header, String query, Boolean basic, String value, String clientCertificate) {

    /** A header, query or Basic entry. */
    public Inject(String header, String query, Boolean basic, String value) {
      this(header, query, basic, value, null);
    }
  }
}
