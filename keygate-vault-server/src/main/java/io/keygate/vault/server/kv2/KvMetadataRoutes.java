package io.keygate.vault.server.kv2;

import io.keygate.vault.VaultException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metadata side of the KV v2 API: {@code metadata/<path>} (read, list, write, delete all) and
 * the mount's {@code config}.
 */
final class KvMetadataRoutes {
  private static final Set<String> WRITABLE =
      Set.of("custom_metadata", "max_versions", "cas_required", "delete_version_after");
  private final KvMetadataEngine engine;

  KvMetadataRoutes(KvMetadataEngine engine) {
    this.engine = engine;
  }

  /** {@code GET metadata/<path>}, or a listing with {@code ?list=true}. */
  void get(RoutingContext ctx) {
    if ("true".equals(ctx.queryParams().get("list"))) {
      list(ctx);
      return;
    }
    try {
      String mount = KvDataRoutes.mount(ctx);
      String name = KvPath.toName(KvDataRoutes.path(ctx));
      KvResponder.blocking(ctx, () -> engine.read(KvAuth.actor(ctx), mount, name));
    } catch (RuntimeException e) {
      KvResponder.fail(ctx, e);
    }
  }

  /** {@code LIST metadata/<prefix>} (or GET with {@code ?list=true}). */
  void list(RoutingContext ctx) {
    try {
      String mount = KvDataRoutes.mount(ctx);
      List<String> prefix = KvPath.prefix(KvDataRoutes.path(ctx));
      KvResponder.blocking(ctx, () -> engine.list(KvAuth.actor(ctx), mount, prefix));
    } catch (RuntimeException e) {
      KvResponder.fail(ctx, e);
    }
  }

  /**
   * {@code POST metadata/<path>}: {@code custom_metadata} is stored (as the current version's
   * tags); {@code max_versions}, {@code cas_required} and {@code delete_version_after} are accepted
   * only at their defaults, because Keygate keeps every version and checks cas only when asked.
   */
  void write(RoutingContext ctx) {
    try {
      String mount = KvDataRoutes.mount(ctx);
      String name = KvPath.toName(KvDataRoutes.path(ctx));
      JsonObject body = KvBody.json(ctx);
      for (String field : body.fieldNames()) {
        if (!WRITABLE.contains(field)) {
          throw KvError.badRequest("unknown metadata field '" + field + "'");
        }
      }
      requireDefault(body, "max_versions", 0);
      requireDefault(body, "cas_required", false);
      if (!zeroDuration(body.getValue("delete_version_after"))) {
        throw KvError.badRequest(
            "delete_version_after is not supported by Keygate: set an expiry on the secret"
                + " through Keygate's API instead");
      }
      Map<String, String> custom = customMetadata(body);
      KvResponder.blockingNoContent(
          ctx,
          () -> {
            engine.write(KvAuth.actor(ctx), mount, name, Optional.ofNullable(custom));
            return null;
          });
    } catch (RuntimeException e) {
      KvResponder.fail(ctx, e);
    }
  }

  /** {@code DELETE metadata/<path>}: 204 also when there was nothing, as in Vault. */
  void delete(RoutingContext ctx) {
    try {
      String mount = KvDataRoutes.mount(ctx);
      String name = KvPath.toName(KvDataRoutes.path(ctx));
      KvResponder.blockingNoContent(
          ctx,
          () -> {
            try {
              engine.deleteAll(KvAuth.actor(ctx), mount, name);
            } catch (VaultException.NotFound e) {
              if (!VaultException.NotFound.SECRET_NOT_FOUND.equals(e.code())) {
                throw e;
              }
            }
            return null;
          });
    } catch (RuntimeException e) {
      KvResponder.fail(ctx, e);
    }
  }

  /** {@code GET config}: the mount's settings, which are fixed in Keygate. */
  void config(RoutingContext ctx) {
    KvResponder.ok(
        ctx,
        new JsonObject()
            .put("cas_required", false)
            .put("delete_version_after", "0s")
            .put("max_versions", 0));
  }

  private static void requireDefault(JsonObject body, String field, Object expected) {
    Object value = body.getValue(field);
    if (value == null) {
      return;
    }
    boolean isDefault =
        value instanceof Number n
            ? n.intValue() == 0 && expected instanceof Integer
            : value.equals(expected);
    if (!isDefault) {
      throw KvError.badRequest(
          field + " is not supported by Keygate (only its default " + expected + " is accepted)");
    }
  }

  /**
   * Whether a Vault duration is zero or absent: "0s", "0s0ns" (Spring Vault's form), "0", 0,
   * "PT0S", empty.
   */
  private static boolean zeroDuration(Object value) {
    if (value == null) {
      return true;
    }
    if (value instanceof Number number) {
      return number.doubleValue() == 0;
    }
    String text = value.toString().strip();
    return text.isEmpty()
        || text.matches("(0+(\\.0+)?(ns|us|ms|s|m|h)?)+")
        || text.equalsIgnoreCase("PT0S");
  }

  private static Map<String, String> customMetadata(JsonObject body) {
    Object value = body.getValue("custom_metadata");
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject object)) {
      throw KvError.badRequest("custom_metadata must be an object of strings");
    }
    Map<String, String> custom = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : object) {
      if (!(entry.getValue() instanceof String text)) {
        throw KvError.badRequest("custom_metadata values must be strings");
      }
      custom.put(entry.getKey(), text);
    }
    return custom;
  }
}
