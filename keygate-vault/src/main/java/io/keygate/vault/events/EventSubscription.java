package io.keygate.vault.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A webhook subscription to the vault's events, and how far its delivery got.
 *
 * @param id 32 hex characters
 * @param url where events are POSTed, one per request
 * @param hmacKey {@code vault/name} of the secret whose value signs the requests
 * @param format {@code eventgrid} or {@code cloudevents}
 * @param created when it was created
 * @param deliveredThrough the sequence of the last event delivered (or dead-lettered)
 * @param failures failed attempts at the next event
 * @param nextAttempt when delivery is tried again after a failure
 * @param lastError why the last attempt failed
 * @param deadLetters how many events were given up on
 */
public record EventSubscription(
    String id,
    String url,
    String hmacKey,
    String format,
    Instant created,
    long deliveredThrough,
    int failures,
    Optional<Instant> nextAttempt,
    Optional<String> lastError,
    int deadLetters) {
  public EventSubscription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(hmacKey, "hmacKey");
    Objects.requireNonNull(format, "format");
  }
}
