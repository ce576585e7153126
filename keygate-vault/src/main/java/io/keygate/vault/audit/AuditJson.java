package io.keygate.vault.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON line of an audit entry: the fields of {@link AuditEntry}, time in ISO-8601. */
public final class AuditJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditJson() {}

  public static String line(AuditEntry entry) {
    return write(fields(entry));
  }

  /**
   * The JSON line of a chained entry: the entry's fields, then seq, prevHash and hash (left out for
   * an entry from before the chain, seq 0).
   */
  public static String line(ChainedEntry chained) {
    Map<String, Object> fields = fields(chained.entry());
    if (chained.seq() == 0) {
      return write(fields);
    }
    fields.put("seq", chained.seq());
    fields.put("prevHash", chained.previousHash());
    fields.put("hash", chained.hash());
    return write(fields);
  }

  private static Map<String, Object> fields(AuditEntry entry) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("time", entry.time().toString());
    fields.put("principals", entry.principals());
    fields.put("onBehalfOf", entry.onBehalfOf());
    fields.put("via", entry.via());
    fields.put("api", entry.api());
    fields.put("action", entry.action());
    fields.put("vault", entry.vault());
    fields.put("name", entry.name());
    fields.put("version", entry.version());
    fields.put("outcome", entry.outcome());
    fields.put("code", entry.code());
    fields.put("requestId", entry.requestId());
    return fields;
  }

  private static String write(Map<String, Object> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit entry could not be written as JSON", e);
    }
  }
}
