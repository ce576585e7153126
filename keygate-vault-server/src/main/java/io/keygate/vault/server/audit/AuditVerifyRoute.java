package io.keygate.vault.server.audit;

import io.keygate.vault.SecretVault;
import io.keygate.vault.audit.ChainVerification;
import io.keygate.vault.server.ApiError;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/audit/verify[?since=ISO-8601 instant]}: walks the audit trail's hash chain and
 * answers 200 with the verification ({@code ok}, {@code checked}, {@code lastSeq}, {@code
 * lastHash}, and {@code firstBroken} when it is broken) — a broken chain is a finding, not an error
 * of the request. The walk runs on a worker thread.
 */
public final class AuditVerifyRoute {
  /** Where the route is served. */
  public static final String PATH = "/v1/audit/verify";

  private final SecretVault vault;

  public AuditVerifyRoute(SecretVault vault) {
    this.vault = vault;
  }

  public void handle(RoutingContext ctx) {
    Optional<Instant> since = since(ctx.queryParam("since"));
    ctx.vertx()
        .executeBlocking(() -> vault.audit().verify(since), false)
        .onSuccess(verification -> ctx.json(json(verification)))
        .onFailure(ctx::fail);
  }

  static JsonObject json(ChainVerification verification) {
    return new JsonObject(verification.toJson());
  }

  private static Optional<Instant> since(List<String> values) {
    if (values.size() > 1) {
      throw ApiError.badParameter("query parameter 'since' is given more than once");
    }
    if (values.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(values.get(0)));
    } catch (DateTimeParseException e) {
      throw ApiError.badParameter(
          "query parameter 'since' must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
    }
  }
}
