package io.keygate.gateway.keys;

import io.keygate.secrets.SecretValue;

/**
 * A key just created: the only moment the key itself exists outside its holder's hands.
 *
 * @param key the full key, to hand to the consumer once
 * @param info its metadata
 */
public record CreatedKey(SecretValue key, ApiKeyInfo info) {}
