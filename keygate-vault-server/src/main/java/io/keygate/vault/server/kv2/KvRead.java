package io.keygate.vault.server.kv2;

import io.vertx.core.json.JsonObject;

/**
 * One version as a KV read answers it: its data (null when the version is deleted, destroyed or not
 * servable now) and its metadata.
 */
record KvRead(JsonObject data, JsonObject metadata) {
  boolean hasData() {
    return data != null;
  }

  /** The answer's {@code data} member: {@code {"data": ..., "metadata": ...}}. */
  JsonObject toJson() {
    return new JsonObject().put("data", data).put("metadata", metadata);
  }
}
