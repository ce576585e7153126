package io.keygate.gateway.credentials;

import io.keygate.gateway.chain.GatewayException;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretRef;
import java.util.concurrent.CompletionException;

/**
 * Turns a failed resolution into the caller's answer, in one place: a refusal by the source keeps
 * its status and code (403 {@code ForbiddenByRbac}, 404 {@code SecretNotFound}, 409/410 disabled or
 * expired, 400 {@code ClaimMissing}); anything else is 502 {@code SecretSourceUnavailable}.
 * Messages name the reference, never a value (references hold none).
 */
final class CredentialErrors {
  private CredentialErrors() {}

  static GatewayException of(Throwable error, SecretRef ref) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof GatewayException already) {
      return already;
    }
    if (cause instanceof SecretAccessException denied
        && denied.status() >= 400
        && denied.status() < 500) {
      String message = denied.getMessage() == null ? denied.code() : denied.getMessage();
      if (ref != null && !message.contains(ref.vault() + "/" + ref.name())) {
        message = message + " (secret '" + ref + "')";
      }
      return new GatewayException(denied.status(), denied.code(), message);
    }
    String code = cause instanceof SecretAccessException s ? " (" + s.code() + ")" : "";
    return new GatewayException(
        502,
        "SecretSourceUnavailable",
        "The secret source could not serve "
            + (ref == null ? "a credential" : "secret '" + ref + "'")
            + code
            + "; try again later");
  }
}
