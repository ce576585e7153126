package io.keygate.vault.server.kv2;

import java.util.List;

/**
 * A request the KV v2 API refuses, answered in Vault's shape {@code {"errors":[...]}} with its
 * status. Messages never contain a secret value.
 */
final class KvError extends RuntimeException {
  static final String PERMISSION_DENIED = "permission denied";
  private final int status;
  private final List<String> errors;

  KvError(int status, List<String> errors) {
    super(String.join("; ", errors), null, false, false);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  static KvError badRequest(String message) {
    return new KvError(400, List.of(message));
  }

  /** Vault's answer for a secret that is not there: 404 with an empty error list. */
  static KvError notFound() {
    return new KvError(404, List.of());
  }

  /** Vault's answer for a missing or invalid token and for a denied action alike. */
  static KvError permissionDenied() {
    return new KvError(403, List.of(PERMISSION_DENIED));
  }

  int status() {
    return status;
  }

  List<String> errors() {
    return errors;
  }
}
