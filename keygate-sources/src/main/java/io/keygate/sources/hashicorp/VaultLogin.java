package io.keygate.sources.hashicorp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The token the source reads with. A fixed token is used as is. With AppRole, the source logs in on
 * first use; once two thirds of the token's lease have passed it renews a renewable token ({@code
 * auth/token/renew-self}, logging in again if that fails) or logs in again; and it logs in again
 * when Vault refuses the token. Requests keep using the old token while a renewal is under way and
 * the old one is still valid.
 */
final class VaultLogin {
  private record Lease(SecretValue token, Instant renewAt, Instant expiresAt, boolean renewable) {}

  /** After a failed login, requests fail fast for this long instead of each logging in. */
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

  private final HashicorpAuth auth;
  private final VaultHttp http;
  private final Clock clock;
  private Lease usable;
  private CompletableFuture<Lease> pending;
  private Instant failedAt = Instant.MIN;

  VaultLogin(HashicorpAuth auth, VaultHttp http, Clock clock) {
    this.auth = auth;
    this.http = http;
    this.clock = clock;
  }

  /** The token to send now. */
  synchronized CompletableFuture<SecretValue> token() {
    if (auth instanceof HashicorpAuth.Token fixed) {
      return CompletableFuture.completedFuture(fixed.token());
    }
    Instant now = clock.instant();
    if (pending != null && pending.isDone()) {
      if (!pending.isCompletedExceptionally()) {
        usable = pending.join();
        pending = null;
      } else if (!now.isBefore(failedAt.plus(RETRY_AFTER_FAILURE))) {
        pending = null;
      }
    }
    if (usable != null && now.isBefore(usable.renewAt())) {
      return CompletableFuture.completedFuture(usable.token());
    }
    boolean stillValid = usable != null && now.isBefore(usable.expiresAt());
    if (pending == null) {
      pending = stillValid && usable.renewable() ? renew(usable) : login();
      pending.whenComplete(
          (lease, error) -> {
            if (error != null) {
              failed();
            }
          });
    }
    if (stillValid) {
      return CompletableFuture.completedFuture(usable.token());
    }
    return pending.thenApply(Lease::token);
  }

  private synchronized void failed() {
    failedAt = clock.instant();
  }

  /** Vault refused {@code token}: the next {@link #token()} logs in again (AppRole only). */
  synchronized void refused(SecretValue token) {
    if (usable != null && usable.token().equals(token)) {
      usable = null;
    }
    if (pending != null && pending.isCompletedExceptionally()) {
      pending = null;
    }
  }

  /** Whether a refused request is worth retrying with a new token. */
  boolean canLogInAgain() {
    return auth instanceof HashicorpAuth.AppRole;
  }

  private CompletableFuture<Lease> login() {
    HashicorpAuth.AppRole role = (HashicorpAuth.AppRole) auth;
    ObjectNode body = VaultHttp.JSON.createObjectNode();
    body.put("role_id", role.roleId());
    body.put("secret_id", role.secretId().reveal());
    return http.post("auth/" + role.mount() + "/login", body, null)
        .handle((reply, error) -> lease(reply, error, "refused the AppRole login"));
  }

  private CompletableFuture<Lease> renew(Lease old) {
    return http.post("auth/token/renew-self", VaultHttp.JSON.createObjectNode(), old.token())
        .handle((reply, error) -> lease(reply, error, "refused to renew the token"))
        .exceptionallyCompose(error -> login());
  }

  private Lease lease(VaultHttp.Reply reply, Throwable error, String what) {
    if (error != null) {
      throw new SecretAccessException(
          503,
          "SecretSourceUnavailable",
          "HashiCorp Vault " + http.address() + " could not be reached to log in");
    }
    JsonNode authNode = reply.body().path("auth");
    String token = authNode.path("client_token").asText("");
    if (reply.status() != 200 || token.isEmpty()) {
      throw new SecretAccessException(
          502,
          "SecretSourceUnauthorized",
          "HashiCorp Vault " + http.address() + " " + what + " (status " + reply.status() + ")");
    }
    long seconds = authNode.path("lease_duration").asLong(0);
    Instant now = clock.instant();
    if (seconds <= 0) {
      return new Lease(SecretValue.of(token), Instant.MAX, Instant.MAX, false);
    }
    Duration ttl = Duration.ofSeconds(seconds);
    return new Lease(
        SecretValue.of(token),
        now.plus(ttl.multipliedBy(2).dividedBy(3)),
        now.plus(ttl),
        authNode.path("renewable").asBoolean(false));
  }
}
