package io.keygate.gateway.keys;

import java.util.Objects;

/**
 * Who asks for a change to the API keys, as the audit trail names them.
 *
 * @param principal the caller ({@code admin} for the admin token's holder)
 * @param via the surface the request came through ({@code admin-api}, or {@code in-process} for a
 *     program that opens the key store itself)
 * @param requestId the request id, or empty
 */
public record KeyActor(String principal, String via, String requestId) {
  /** The principal of the admin token, the same name the vault's audit entries use. */
  public static final String ADMIN = "admin";

  /** The surface of changes made by code that opened the key store itself (setup, tests). */
  public static final String IN_PROCESS = "in-process";

  public KeyActor {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(via, "via");
    Objects.requireNonNull(requestId, "requestId");
  }

  /** The admin token's holder through {@code via}. */
  public static KeyActor admin(String via, String requestId) {
    return new KeyActor(ADMIN, via, requestId);
  }
}
