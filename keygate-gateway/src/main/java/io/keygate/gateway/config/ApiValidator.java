package io.keygate.gateway.config;

import io.keygate.secrets.SecretTemplate;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks what YAML binding cannot: required fields, one-of choices, URLs, paths, durations. */
final class ApiValidator {
  private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern LISTEN_PATH =
      Pattern.compile("/(?:(?!\\.{1,2}/)[A-Za-z0-9._~!$&'()*+,;=:@-]+/)*");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");
  private static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z0-9._~-]{1,256}");
  private static final java.util.Set<String> FRAMING_HEADERS =
      java.util.Set.of(
          "host",
          "content-length",
          "transfer-encoding",
          "connection",
          "upgrade",
          "te",
          "trailer",
          "keep-alive",
          "proxy-connection");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})");

  private final SourceLocations at;
  private final List<DefinitionProblem> problems = new ArrayList<>();

  ApiValidator(SourceLocations at) {
    this.at = at;
  }

  List<DefinitionProblem> validate(ApiDefinition api) {
    name(api.name());
    listen(api.listen());
    upstream(api.upstream());
    auth(api.auth());
    if (api.policy() != null && !NAME.matcher(api.policy()).matches()) {
      fail("/policy", "'policy' must be a policy name (lower-case letters, digits, . _ -)");
    }
    if (api.retryOnRotation() != null
        && !java.util.Set.of("idempotent", "all", "never").contains(api.retryOnRotation())) {
      fail(
          "/retryOnRotation",
          "'retryOnRotation' must be idempotent, all or never: got '"
              + api.retryOnRotation()
              + "'");
    }
    if (api.inject() != null) {
      int certificates = 0;
      for (int i = 0; i < api.inject().size(); i++) {
        ApiDefinition.Inject entry = api.inject().get(i);
        if (entry.clientCertificate() != null) {
          if (++certificates > 1) {
            fail("/inject/" + i, "only one 'inject' entry may set 'clientCertificate'");
          }
          UpstreamTls.clientCertificate(entry, api.upstream(), "/inject/" + i, this::fail);
        } else {
          inject(entry, "/inject/" + i);
        }
      }
    }
    if (api.upstream() != null && api.upstream().ca() != null) {
      UpstreamTls.ca(api.upstream(), this::fail);
    }
    return problems;
  }

  private void name(String name) {
    if (name == null || name.isBlank()) {
      fail("", "'name' is required");
    } else if (!NAME.matcher(name).matches()) {
      fail("/name", "'name' must be lower-case letters, digits, '.', '_' or '-' (at most 64)");
    }
  }

  private void listen(ApiDefinition.Listen listen) {
    if (listen == null) {
      fail("", "'listen' is required, for example listen: { path: /payments/, strip: true }");
      return;
    }
    if (listen.path() == null) {
      fail("/listen", "'listen.path' is required");
    } else if (!LISTEN_PATH.matcher(listen.path()).matches()) {
      fail(
          "/listen/path",
          "'listen.path' must start and end with '/' and contain no '%', '//', '.' or '..'"
              + " segments: got '"
              + listen.path()
              + "'");
    }
    if (listen.host() != null && !HOST.matcher(listen.host()).matches()) {
      fail(
          "/listen/host",
          "'listen.host' must be a host name without port: got '" + listen.host() + "'");
    }
  }

  private void upstream(ApiDefinition.Upstream upstream) {
    if (upstream == null) {
      fail("", "'upstream' is required, for example upstream: { url: http://127.0.0.1:9000 }");
      return;
    }
    boolean hasUrl = upstream.url() != null;
    boolean hasTargets = upstream.targets() != null;
    if (hasUrl == hasTargets) {
      fail("/upstream", "'upstream' needs exactly one of 'url' or 'targets'");
    }
    if (hasUrl) {
      url(upstream.url(), "/upstream/url");
    }
    if (hasTargets) {
      if (upstream.targets().isEmpty()) {
        fail("/upstream/targets", "'upstream.targets' must list at least one URL");
      }
      for (int i = 0; i < upstream.targets().size(); i++) {
        url(upstream.targets().get(i), "/upstream/targets/" + i);
      }
    }
    duration(upstream.connectTimeout(), "/upstream/connectTimeout", "upstream.connectTimeout");
    duration(upstream.readTimeout(), "/upstream/readTimeout", "upstream.readTimeout");
  }

  private void url(String url, String pointer) {
    if (url == null) {
      fail(pointer, "an upstream URL is required");
      return;
    }
    try {
      UpstreamUrl uri = UpstreamUrl.parse(url);
      String scheme = uri.scheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        fail(pointer, "upstream URL '" + url + "' must start with http:// or https://");
      } else if (uri.host() == null) {
        fail(pointer, "upstream URL '" + url + "' has no host");
      } else if (uri.port() == 0 || uri.port() > 65535) {
        // URI accepts any digits; port 99999 failed each request with a 500 instead.
        fail(pointer, "upstream URL '" + url + "' has port " + uri.port() + "; a port is 1-65535");
      } else if (uri.rawUserInfo() != null) {
        fail(
            pointer,
            "upstream URL must not carry credentials: use 'inject' with a secret reference");
      } else if (uri.rawQuery() != null || uri.rawFragment() != null) {
        fail(pointer, "upstream URL '" + url + "' must not have a query or fragment");
      }
    } catch (URISyntaxException e) {
      fail(pointer, "upstream URL is not a valid URL: " + e.getReason());
    }
  }

  private void auth(ApiDefinition.Auth auth) {
    if (auth == null) {
      fail(
          "",
          "'auth' is required: apiKey: {}, jwt: {...}, or keyless: true for a deliberately open API");
      return;
    }
    int methods = 0;
    if (auth.jwt() != null) {
      methods++;
      if (auth.jwt().isEmpty()) {
        fail("/auth/jwt", "'auth.jwt' must name at least one issuer");
      }
    }
    if (auth.apiKey() != null) {
      methods++;
      String header = auth.apiKey().header();
      String query = auth.apiKey().query();
      if (header != null && query != null) {
        fail("/auth/apiKey", "'auth.apiKey' takes either 'header' or 'query', not both");
      }
      // An empty name used to fall back silently to Authorization: Bearer, and a name no client
      // can send (or one that frames the request) left the API unusable.
      if (header != null && !HEADER_NAME.matcher(header).matches()) {
        fail("/auth/apiKey/header", "'auth.apiKey.header' must be an HTTP header name");
      } else if (header != null && FRAMING_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
        fail(
            "/auth/apiKey/header",
            "'auth.apiKey.header' cannot be '" + header + "': it frames or routes the request");
      }
      if (query != null && !QUERY_NAME.matcher(query).matches()) {
        fail(
            "/auth/apiKey/query",
            "'auth.apiKey.query' must name a query parameter (letters, digits, - . _ ~)");
      }
    }
    if (auth.keyless() != null) {
      methods++;
      if (!auth.keyless()) {
        fail("/auth/keyless", "'auth.keyless' can only be true; choose apiKey or jwt instead");
      }
    }
    if (methods != 1) {
      fail("/auth", "'auth' needs exactly one of 'apiKey', 'jwt' or 'keyless: true'");
    }
  }

  private void inject(ApiDefinition.Inject inject, String pointer) {
    int targets =
        (inject.header() != null ? 1 : 0)
            + (inject.query() != null ? 1 : 0)
            + (Boolean.TRUE.equals(inject.basic()) ? 1 : 0);
    if (targets != 1) {
      fail(
          pointer,
          "each 'inject' entry needs exactly one of 'header', 'query', 'basic: true' or 'clientCertificate'");
    }
    if (inject.header() != null && !HEADER_NAME.matcher(inject.header()).matches()) {
      fail(pointer + "/header", "'inject.header' must be an HTTP header name");
    } else if (inject.header() != null && FRAMING_HEADERS.contains(inject.header().toLowerCase())) {
      // These decide how the upstream reads the request; a credential never belongs in them.
      fail(
          pointer + "/header",
          "'inject.header' cannot be '" + inject.header() + "': it frames or routes the request");
    }
    if (inject.query() != null && inject.query().isEmpty()) {
      fail(pointer + "/query", "'inject.query' must name a query parameter");
    }
    if (inject.value() == null || inject.value().isEmpty()) {
      fail(pointer, "each 'inject' entry needs a 'value'");
      return;
    }
    try {
      if (!SecretTemplate.parse(inject.value()).hasSecrets()) {
        fail(
            pointer + "/value",
            "'inject.value' must contain a secret reference such as ${secret:vault/name}:"
                + " credentials never appear in API definitions");
      }
    } catch (IllegalArgumentException e) {
      fail(pointer + "/value", "'inject.value': " + e.getMessage());
    }
  }

  private void duration(String text, String pointer, String field) {
    if (text == null) {
      return;
    }
    try {
      if (Durations.parse(text).compareTo(MAX_TIMEOUT) > 0) {
        // Longer waits are a typo, and a day is far beyond any proxy timeout; the bound also keeps
        // the value in range of the millisecond and nanosecond timers it ends up in.
        fail(pointer, "'" + field + "': '" + text + "' is longer than the maximum of 1d");
      }
    } catch (IllegalArgumentException e) {
      fail(pointer, "'" + field + "': " + e.getMessage());
    }
  }

  private void fail(String pointer, String message) {
    problems.add(at.problem(pointer, message));
  }
}
