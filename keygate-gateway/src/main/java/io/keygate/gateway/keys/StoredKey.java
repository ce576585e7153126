package io.keygate.gateway.keys;

/** A key as stored: its metadata and the HMAC of the key, never the key. */
record StoredKey(ApiKeyInfo info, byte[] hash) {}
