package io.keygate.vault.server.kv2;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data side of the KV v2 API: {@code data/<path>} (read, write, patch, delete latest) and
 * {@code delete|undelete|destroy/<path>} (versions). Vault work runs on worker threads.
 */
final class KvDataRoutes {
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private final KvEngine engine;

  KvDataRoutes(KvEngine engine) {
    this.engine = engine;
  }

  void read(RoutingContext ctx) {
    try {
      String mount = mount(ctx);
      String name = KvPath.toName(path(ctx));
      int number = versionParam(ctx);
      ctx.vertx()
          .executeBlocking(() -> engine.read(KvAuth.actor(ctx), mount, name, number), false)
          .onSuccess(
              read -> {
                // A deleted or destroyed version is a 404 that still carries its metadata, which
                // is how Vault clients tell it from a missing secret.
                int status = read.hasData() ? 200 : 404;
                KvResponder.write(ctx, status, KvResponder.envelope(read.toJson()));
              })
          .onFailure(failure -> KvResponder.fail(ctx, failure));
    } catch (RuntimeException e) {
      KvResponder.fail(ctx, e);
    }
  }

  void write(RoutingContext ctx) {
    try {
      String mount = mount(ctx);
      String name = KvPath.toName(path(ctx));
      JsonObject body = KvBody.json(ctx);
      Object data = body.getValue("data");
      if (!(data instanceof JsonObject object)) {
        throw KvError.badRequest("no data provided");
      }
      Integer cas = cas(body);
      KvResponder.blocking(ctx, () -> engine.write(KvAuth.actor(ctx), mount, name, object, cas));
    } catch (RuntimeException e) {
      KvResponder.fail(ctx, e);
    }
  }

  /** A JSON merge patch (RFC 7396) of the latest version, written as a new version. */
  void patch(RoutingContext ctx) {
    try {
      String contentType = ctx.request().getHeader("Content-Type");
      if (contentType == null || !contentType.toLowerCase().startsWith(MERGE_PATCH)) {
        throw new KvError(
            415, List.of("PATCH requires the Content-Type " + MERGE_PATCH + " as in Vault"));
      }
      String mount = mount(ctx);
      String name = KvPath.toName(path(ctx));
      JsonObject body = KvBody.json(ctx);
      Object patch = body.getValue("data");
      if (!(patch instanceof JsonObject object)) {
        throw KvError.badRequest("no data provided");
      }
      Integer cas = cas(body);
      KvResponder.blocking(
          ctx,
          () -> {
            KvRead current = engine.read(KvAuth.actor(ctx), mount, name, 0);
            if (!current.hasData()) {
              throw KvError.notFound();
            }
            int currentNumber = current.metadata().getInteger("version");
            if (cas != null && cas != currentNumber) {
              throw KvError.badRequest("check-and-set parameter did not match the current version");
            }
            JsonObject merged = merge(current.data(), object);
            return engine.write(KvAuth.actor(ctx), mount, name, merged, currentNumber);
          });
    } catch (RuntimeException e) {
      KvResponder.fail(ctx, e);
    }
  }

  void deleteLatest(RoutingContext ctx) {
    try {
      String mount = mount(ctx);
      String name = KvPath.toName(path(ctx));
      KvResponder.blockingNoContent(
          ctx,
          () -> {
            engine.deleteLatest(KvAuth.actor(ctx), mount, name);
            return null;
          });
    } catch (RuntimeException e) {
      KvResponder.fail(ctx, e);
    }
  }

  /** {@code delete/}, {@code undelete/} or {@code destroy/} with {@code {"versions":[...]}}. */
  void versions(RoutingContext ctx) {
    try {
      String mount = mount(ctx);
      String name = KvPath.toName(path(ctx));
      List<Integer> numbers = versionList(KvBody.json(ctx));
      String operation = ctx.pathParam("op");
      KvResponder.blockingNoContent(
          ctx,
          () -> {
            switch (operation) {
              case "delete" -> engine.deleteVersions(KvAuth.actor(ctx), mount, name, numbers);
              case "undelete" -> engine.undeleteVersions(KvAuth.actor(ctx), mount, name, numbers);
              default -> engine.destroyVersions(KvAuth.actor(ctx), mount, name, numbers);
            }
            return null;
          });
    } catch (RuntimeException e) {
      KvResponder.fail(ctx, e);
    }
  }

  static String mount(RoutingContext ctx) {
    return ctx.pathParam("mount");
  }

  static String path(RoutingContext ctx) {
    // One spelling per path, as on the rest of the listener: an encoded slash would make
    // "app%2Fdb" and "app/db" the same secret, so it is refused rather than decoded.
    String raw = ctx.request().path().toLowerCase(Locale.ROOT);
    if (raw.contains("%2f") || raw.contains("%5c")) {
      throw KvError.badRequest("the path contains an encoded slash or backslash (%2F, %5C)");
    }
    String path = ctx.pathParam("path");
    return path == null ? "" : path;
  }

  private static int versionParam(RoutingContext ctx) {
    String version = ctx.queryParams().get("version");
    if (version == null || version.isEmpty()) {
      return 0;
    }
    if (!version.matches("\\d{1,9}")) {
      throw KvError.badRequest("invalid version: a version is a whole number");
    }
    return Integer.parseInt(version);
  }

  private static Integer cas(JsonObject body) {
    Object options = body.getValue("options");
    if (options == null) {
      return null;
    }
    if (!(options instanceof JsonObject object)) {
      throw KvError.badRequest("options must be a JSON object");
    }
    Object cas = object.getValue("cas");
    if (cas == null) {
      return null;
    }
    if (!(cas instanceof Number number) || number.doubleValue() != number.intValue()) {
      throw KvError.badRequest("options.cas must be a whole number");
    }
    if (number.intValue() < 0) {
      throw KvError.badRequest("options.cas must not be negative");
    }
    return number.intValue();
  }

  private static List<Integer> versionList(JsonObject body) {
    Object versions = body.getValue("versions");
    if (!(versions instanceof JsonArray array) || array.isEmpty()) {
      throw KvError.badRequest("no version number provided");
    }
    List<Integer> numbers = new ArrayList<>();
    for (Object item : array) {
      if (item instanceof Number n && n.doubleValue() == n.intValue()) {
        numbers.add(n.intValue());
      } else if (item instanceof String s && s.matches("\\d{1,9}")) {
        numbers.add(Integer.parseInt(s));
      } else {
        throw KvError.badRequest("versions must be whole numbers");
      }
    }
    return numbers;
  }

  /** RFC 7396: null removes a field, objects merge recursively, anything else replaces. */
  static JsonObject merge(JsonObject target, JsonObject patch) {
    JsonObject result = target.copy();
    for (Map.Entry<String, Object> entry : patch) {
      Object value = entry.getValue();
      if (value == null) {
        result.remove(entry.getKey());
      } else if (value instanceof JsonObject object
          && result.getValue(entry.getKey()) instanceof JsonObject existing) {
        result.put(entry.getKey(), merge(existing, object));
      } else {
        result.put(entry.getKey(), value);
      }
    }
    return result;
  }
}
