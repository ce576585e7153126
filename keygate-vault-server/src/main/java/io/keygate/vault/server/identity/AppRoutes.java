package io.keygate.vault.server.identity;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.apps.AppCredential;
import io.keygate.vault.apps.AppRegistration;
import io.keygate.vault.apps.AppRegistry;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.AuditedChange;
import io.keygate.vault.server.ApiError;
import io.keygate.vault.server.internal.AdminActor;
import io.keygate.vault.server.internal.JsonBody;
import io.keygate.vault.server.internal.secrets.SecretRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The admin API for apps, mounted at {@code /v1/apps} behind the admin token:
 *
 * <ul>
 *   <li>{@code POST /v1/apps} {@code {"displayName", "clientId"?, "certificate"?, "secret"?,
 *       "secretExpires"?}} (Unix seconds): registers an app; unless {@code "secret": false}, the
 *       answer carries a new client secret ({@code clientSecret}) that is shown this once and
 *       stored only as a keyed hash;
 *   <li>{@code GET /v1/apps}, {@code GET /v1/apps/<client-id>}, {@code DELETE /v1/apps/<client-id>}
 *       (its tokens stop working at once);
 *   <li>{@code POST /v1/apps/<client-id>/secrets} {@code {"expires"?}} (another secret, shown
 *       once), {@code POST /v1/apps/<client-id>/certificates} {@code {"certificate": PEM}}, {@code
 *       DELETE /v1/apps/<client-id>/credentials/<id>}.
 * </ul>
 *
 * Every change is audited (CREATE_APP, DELETE_APP, ADD_APP_SECRET, ADD_APP_CERTIFICATE,
 * REMOVE_APP_CREDENTIAL, naming {@code app:<client-id>}); never a secret.
 */
final class AppRoutes {
  private static final Set<String> CREATE_FIELDS =
      Set.of("displayName", "clientId", "certificate", "secret", "secretExpires");
  private static final Set<String> SECRET_FIELDS = Set.of("expires");
  private static final Set<String> CERTIFICATE_FIELDS = Set.of("certificate");
  private final AppRegistry apps;
  private final ClientSecrets secrets;
  private final TokenIssuer issuer;
  private final AuditedChange audit;

  AppRoutes(AppRegistry apps, ClientSecrets secrets, TokenIssuer issuer, AuditedChange audit) {
    this.apps = apps;
    this.secrets = secrets;
    this.issuer = issuer;
    this.audit = audit;
  }

  Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    router
        .route()
        .handler(
            ctx -> {
              ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
              ctx.next();
            });
    BodyHandler body = BodyHandler.create(false).setBodyLimit(64 * 1024);
    // "/v1/apps" and "/v1/apps/" alike: the mount point itself reaches the sub-router as "".
    router.postWithRegex("/?").handler(body).handler(this::create);
    router.getWithRegex("/?").handler(this::list);
    router.get("/:client").handler(this::get);
    router.delete("/:client").handler(this::delete);
    router.post("/:client/secrets").handler(body).handler(this::addSecret);
    router.post("/:client/certificates").handler(body).handler(this::addCertificate);
    router.delete("/:client/credentials/:credential").handler(this::removeCredential);
    return router;
  }

  private void create(RoutingContext ctx) {
    JsonBody json = JsonBody.parse(ctx.body().buffer(), CREATE_FIELDS);
    String name = json.requiredString("displayName");
    Optional<String> clientId = json.optionalString("clientId");
    Optional<X509Certificate> certificate =
        json.optionalString("certificate").map(ClientCertificates::parse);
    boolean withSecret = json.optionalBoolean("secret").orElse(true);
    Optional<Instant> secretExpires = expiry(json, "secretExpires");
    Actor actor = AdminActor.of(ctx);
    SecretRoutes.blocking(
        ctx,
        () ->
            audit.run(
                actor,
                "CREATE_APP",
                "",
                clientId.map(id -> "app:" + id).orElse(""),
                () -> {
                  AppRegistration app =
                      clientId.isPresent()
                          ? apps.create(clientId.get(), name, actor.onBehalfOf())
                          : apps.create(name, actor.onBehalfOf());
                  certificate.ifPresent(c -> addCertificate(app.clientId(), c));
                  SecretValue secret = withSecret ? addSecret(app.clientId(), secretExpires) : null;
                  return new Created(apps.get(app.clientId()), secret);
                },
                created -> new AuditedChange.Subject(created.app().principal(), "")),
        created -> {
          JsonObject answer = app(created.app());
          if (created.secret() != null) {
            answer.put("clientSecret", created.secret().reveal());
          }
          return answer;
        },
        201);
  }

  private void list(RoutingContext ctx) {
    SecretRoutes.blocking(
        ctx,
        apps::list,
        all -> {
          JsonArray items = new JsonArray();
          all.forEach(app -> items.add(app(app)));
          return new JsonObject().put("value", items);
        },
        200);
  }

  private void get(RoutingContext ctx) {
    SecretRoutes.blocking(ctx, () -> apps.get(ctx.pathParam("client")), this::app, 200);
  }

  private void delete(RoutingContext ctx) {
    ctx.vertx()
        .executeBlocking(
            () ->
                change(
                    ctx,
                    "DELETE_APP",
                    () -> {
                      apps.delete(ctx.pathParam("client"));
                      return Boolean.TRUE;
                    }),
            false)
        .onSuccess(ignored -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void addSecret(RoutingContext ctx) {
    String clientId = ctx.pathParam("client");
    var body = ctx.body().buffer();
    Optional<Instant> expires =
        body == null || body.length() == 0
            ? Optional.empty()
            : expiry(JsonBody.parse(body, SECRET_FIELDS), "expires");
    SecretRoutes.blocking(
        ctx,
        () ->
            change(
                ctx,
                "ADD_APP_SECRET",
                () -> new Created(apps.get(clientId), addSecret(clientId, expires))),
        created -> app(apps.get(clientId)).put("clientSecret", created.secret().reveal()),
        201);
  }

  private void addCertificate(RoutingContext ctx) {
    String clientId = ctx.pathParam("client");
    X509Certificate certificate =
        ClientCertificates.parse(
            JsonBody.parse(ctx.body().buffer(), CERTIFICATE_FIELDS).requiredString("certificate"));
    SecretRoutes.blocking(
        ctx,
        () ->
            change(
                ctx,
                "ADD_APP_CERTIFICATE",
                () -> {
                  addCertificate(clientId, certificate);
                  return apps.get(clientId);
                }),
        this::app,
        201);
  }

  private void removeCredential(RoutingContext ctx) {
    ctx.vertx()
        .executeBlocking(
            () ->
                change(
                    ctx,
                    "REMOVE_APP_CREDENTIAL",
                    () -> {
                      apps.removeCredential(ctx.pathParam("client"), ctx.pathParam("credential"));
                      return Boolean.TRUE;
                    }),
            false)
        .onSuccess(ignored -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** Runs a change to the app in the path, audited as {@code action} on {@code app:<client-id>}. */
  private <T> T change(RoutingContext ctx, String action, Supplier<T> work) {
    return audit.run(
        AdminActor.of(ctx),
        action,
        "",
        "app:" + ctx.pathParam("client"),
        work,
        result -> AuditedChange.Subject.NONE);
  }

  /** An optional expiry in Unix seconds, which must lie in the future. */
  private static Optional<Instant> expiry(JsonBody json, String field) {
    Optional<Instant> expires = json.optionalLong(field).map(Instant::ofEpochSecond);
    if (expires.isPresent() && !expires.get().isAfter(Instant.now())) {
      throw ApiError.badParameter("field '" + field + "' must be a future time in Unix seconds");
    }
    return expires;
  }

  private SecretValue addSecret(String clientId, Optional<Instant> expires) {
    SecretValue secret = ClientSecrets.generate();
    apps.addCredential(
        clientId,
        AppCredential.Kind.SECRET,
        ClientSecrets.hint(secret),
        secrets.hash(secret.reveal()),
        expires);
    return secret;
  }

  private void addCertificate(String clientId, X509Certificate certificate) {
    apps.addCredential(
        clientId,
        AppCredential.Kind.CERTIFICATE,
        ClientCertificates.sha256Hex(certificate),
        Pem.of(certificate),
        Optional.of(certificate.getNotAfter().toInstant()));
  }

  private JsonObject app(AppRegistration app) {
    JsonArray credentials = new JsonArray();
    for (AppCredential credential : app.credentials()) {
      JsonObject item =
          new JsonObject()
              .put("id", credential.id())
              .put("type", credential.kind().id())
              .put(
                  credential.kind() == AppCredential.Kind.SECRET ? "hint" : "thumbprintSha256",
                  credential.hint())
              .put("created", credential.created().getEpochSecond());
      credential.expires().ifPresent(e -> item.put("expires", e.getEpochSecond()));
      credentials.add(item);
    }
    return new JsonObject()
        .put("clientId", app.clientId())
        .put("principal", app.principal())
        .put("displayName", app.displayName())
        .put("tenantId", issuer.tenant())
        .put("created", app.created().getEpochSecond())
        .put("createdBy", app.createdBy())
        .put("credentials", credentials);
  }

  private record Created(AppRegistration app, SecretValue secret) {
    @Override
    public String toString() {
      return "Created[" + app.clientId() + "]";
    }
  }
}
