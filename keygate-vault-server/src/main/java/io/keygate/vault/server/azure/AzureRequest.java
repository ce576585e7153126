package io.keygate.vault.server.azure;

import io.keygate.vault.rbac.Actor;
import io.keygate.vault.server.ApiError;
import io.keygate.vault.server.identity.Authenticated;
import io.keygate.vault.server.internal.secrets.SecretRoutes;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One request to the Azure-compatible API, after authentication: the vault its host names, the
 * path's segments, the api-version and the caller as an RBAC actor.
 */
record AzureRequest(
    RoutingContext ctx,
    String vault,
    String vaultUrl,
    HttpMethod method,
    List<String> segments,
    String apiVersion,
    Actor actor) {

  /** The api-versions served (as of the 2025-07-01 SDKs). */
  static final Set<String> API_VERSIONS = Set.of("7.4", "7.5", "7.6", "2025-07-01");

  static final String LATEST = "2025-07-01";

  static AzureRequest of(RoutingContext ctx, String vault, Authenticated caller) {
    String version = ctx.request().getParam("api-version");
    if (version == null || version.isEmpty()) {
      throw ApiError.badParameter(
          "api-version is required (supported: 7.4, 7.5, 7.6, " + LATEST + ")");
    }
    if (!API_VERSIONS.contains(version)) {
      throw ApiError.badParameter(
          "The specified version ("
              + (version.length() > 20 ? version.substring(0, 20) + "..." : version)
              + ") is not recognized. Consider using the latest supported version ("
              + LATEST
              + ").");
    }
    List<String> segments =
        Arrays.stream(ctx.request().path().split("/")).filter(s -> !s.isEmpty()).toList();
    return new AzureRequest(
        ctx,
        vault,
        SecretRoutes.base(ctx),
        ctx.request().method(),
        segments,
        version,
        caller.actor(requestId(ctx)));
  }

  /** The SDK's {@code x-ms-client-request-id}, else a new id, for the audit trail. */
  private static String requestId(RoutingContext ctx) {
    String id = ctx.request().getHeader("x-ms-client-request-id");
    if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
      id = ctx.request().getHeader("X-Request-Id");
    }
    return id != null && id.matches("[A-Za-z0-9._-]{1,64}") ? id : UUID.randomUUID().toString();
  }

  int size() {
    return segments.size();
  }

  String segment(int index) {
    return segments.get(index);
  }

  /** {@code <vault-url>/secrets/<name>[/<version>]}, the id Azure gives a secret. */
  String secretId(String name, String version) {
    return vaultUrl + "/secrets/" + name + (version == null ? "" : "/" + version);
  }

  String recoveryId(String name) {
    return vaultUrl + "/deletedsecrets/" + name;
  }
}
