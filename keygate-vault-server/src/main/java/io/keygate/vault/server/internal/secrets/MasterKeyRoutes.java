package io.keygate.vault.server.internal.secrets;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.rbac.AuditedChange;
import io.keygate.vault.server.ApiError;
import io.keygate.vault.server.internal.JsonBody;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/master-key/rotate}: rewraps every data key under a new master key while the vault
 * keeps serving. An empty body (or {@code {}}) rotates a key-file master key in place; {@code
 * {"keyMaterial": "..."}} or {@code {"passphrase": "..."}} switch to a new key given in the
 * request.
 */
public final class MasterKeyRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(MasterKeyRoutes.class);
  private static final Set<String> FIELDS = Set.of("keyMaterial", "passphrase");
  private final SecretVault vault;
  private final AuditedChange audited;
  private final AtomicReference<MasterKeySource> current;

  /**
   * @param current the master key source the vault was opened with
   */
  public MasterKeyRoutes(SecretVault vault, MasterKeySource current) {
    this.vault = vault;
    this.audited = new AuditedChange(vault.audit(), Clock.systemUTC());
    this.current = new AtomicReference<>(current);
  }

  void rotate(RoutingContext ctx) {
    MasterKeySource next = nextSource(ctx);
    var actor = SecretRoutes.actor(ctx);
    SecretRoutes.blocking(
        ctx,
        () -> {
          synchronized (this) {
            // Audited with no secret: the entry says who rotated the master key, and when.
            var result =
                audited.run(
                    actor,
                    "ROTATE_MASTER_KEY",
                    "",
                    "",
                    () -> vault.rotateMasterKey(next),
                    done -> AuditedChange.Subject.NONE);
            current.set(next);
            LOG.info(
                "master key rotated ({}); {} data keys rewrapped",
                describe(next),
                result.rewrappedDataKeys());
            return result;
          }
        },
        result ->
            new JsonObject()
                .put("rewrappedDataKeys", result.rewrappedDataKeys())
                .put("masterKey", describe(next)),
        200);
  }

  private MasterKeySource nextSource(RoutingContext ctx) {
    var body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return inPlace();
    }
    JsonBody json = JsonBody.parse(body, FIELDS);
    if (json.has("keyMaterial") && json.has("passphrase")) {
      throw ApiError.badParameter("give either 'keyMaterial' or 'passphrase', not both");
    }
    if (json.has("keyMaterial")) {
      return MasterKeySource.keyMaterial(SecretValue.of(json.requiredString("keyMaterial")));
    }
    if (json.has("passphrase")) {
      return MasterKeySource.passphrase(SecretValue.of(json.requiredString("passphrase")));
    }
    return inPlace();
  }

  private MasterKeySource inPlace() {
    MasterKeySource source = current.get();
    if (!(source instanceof MasterKeySource.KeyFile)) {
      throw ApiError.badParameter(
          "the master key does not come from a key file, so it cannot be rotated in place:"
              + " give the new key as 'keyMaterial' or 'passphrase'");
    }
    return source;
  }

  private static String describe(MasterKeySource source) {
    return switch (source) {
      case MasterKeySource.KeyFile file -> "key file " + file.path();
      case MasterKeySource.KeyMaterial ignored -> "key material";
      case MasterKeySource.Passphrase ignored -> "passphrase";
    };
  }
}
