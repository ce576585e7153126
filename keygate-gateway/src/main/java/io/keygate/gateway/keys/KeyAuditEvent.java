package io.keygate.gateway.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One change asked of the API keys, as the audit trail records it: who, what, which key (id, alias,
 * policy, expiry), when, and how it ended. Never the key or its hash.
 *
 * <p>Text a caller supplied (an id to revoke, an alias or policy that was refused) is recorded only
 * when it has the shape of what it claims to be; anything else, and anything shaped like a key, is
 * recorded as {@code (invalid)}, so a key pasted into the wrong field never reaches the trail.
 *
 * @param time when it happened (milliseconds)
 * @param actor who asked
 * @param action {@link #CREATE} or {@link #REVOKE}
 * @param keyId the key's id, or null when none was assigned (a refused creation)
 * @param alias the key's alias, or null
 * @param policy the key's policy, or null
 * @param expires when the key expires, or null for never
 * @param outcome {@link #ALLOWED} or {@link #ERROR}
 * @param code the error code for {@link #ERROR} ({@code KeyNotFound}, {@code UnknownPolicy}, {@code
 *     BadParameter}, {@code KeyStoreUnavailable}), else empty
 */
public record KeyAuditEvent(
    Instant time,
    KeyActor actor,
    String action,
    String keyId,
    String alias,
    String policy,
    Instant expires,
    String outcome,
    String code) {
  public static final String CREATE = "CREATE_API_KEY";
  public static final String REVOKE = "REVOKE_API_KEY";
  public static final String ALLOWED = "allowed";
  public static final String ERROR = "error";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,32}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,199}");
  private static final String INVALID = "(invalid)";
  private static final ObjectMapper JSON = new ObjectMapper();

  public KeyAuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(code, "code");
    keyId = shaped(keyId, ID);
    alias = shaped(alias, NAME);
    policy = shaped(policy, NAME);
  }

  /**
   * The key as one line for the trail's resource column: {@code <id> alias=<alias> policy=<policy>
   * expires=<RFC 3339|never>}, {@code -} for what is unknown. Every part is free of spaces.
   */
  public String subject() {
    return orDash(keyId)
        + " alias="
        + orDash(alias)
        + " policy="
        + orDash(policy)
        + " expires="
        + (expires == null ? "never" : expires.toString());
  }

  /** The event as one JSON line (for a log-only trail). */
  public String jsonLine() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("time", time.toString());
    fields.put("onBehalfOf", actor.principal());
    fields.put("via", actor.via());
    fields.put("action", action);
    fields.put("keyId", keyId);
    fields.put("alias", alias);
    fields.put("policy", policy);
    fields.put("expires", expires == null ? null : expires.toString());
    fields.put("outcome", outcome);
    fields.put("code", code);
    fields.put("requestId", actor.requestId());
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("key audit event could not be written as JSON", e);
    }
  }

  private static String shaped(String text, Pattern shape) {
    if (text == null) {
      return null;
    }
    return shape.matcher(text).matches() && KeyFormat.idOf(text) == null ? text : INVALID;
  }

  private static String orDash(String text) {
    return text == null ? "-" : text;
  }
}
