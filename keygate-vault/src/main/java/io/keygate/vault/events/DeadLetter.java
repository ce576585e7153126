package io.keygate.vault.events;

import java.time.Instant;

/** An event a subscription gave up on after the maximum number of attempts. */
public record DeadLetter(
    String subscriptionId,
    long sequence,
    String type,
    String vault,
    String name,
    String version,
    String error,
    Instant at) {}
