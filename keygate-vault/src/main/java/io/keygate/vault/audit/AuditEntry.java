package io.keygate.vault.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One audited access: who, through what, did what to which secret version, and how it ended. Never
 * a value.
 *
 * @param time when it happened (milliseconds)
 * @param principals the principals whose rights were checked
 * @param onBehalfOf the caller
 * @param via the gateway node or surface the request came through
 * @param api the gateway API, or empty
 * @param action the action ({@code READ_VALUE}, {@code SET}, {@code ASSIGN_ROLE}, ...)
 * @param vault the vault, or empty
 * @param name the secret, or the role assignment ({@code principal role scope}), or empty
 * @param version the version served or written, or empty
 * @param outcome {@code allowed}, {@code denied} or {@code error}
 * @param code the error code for {@code denied}/{@code error} ({@code ForbiddenByRbac}, {@code
 *     SecretNotFound}, ...), or empty
 * @param requestId the request id, or empty
 */
public record AuditEntry(
    Instant time,
    List<String> principals,
    String onBehalfOf,
    String via,
    String api,
    String action,
    String vault,
    String name,
    String version,
    String outcome,
    String code,
    String requestId) {
  public static final String ALLOWED = "allowed";
  public static final String DENIED = "denied";
  public static final String ERROR = "error";

  public AuditEntry {
    Objects.requireNonNull(time, "time");
    principals = List.copyOf(principals);
    Objects.requireNonNull(onBehalfOf, "onBehalfOf");
    Objects.requireNonNull(via, "via");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(requestId, "requestId");
  }
}
