package io.keygate.vault.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a walk of the audit chain found: OK, or the first entry where the chain breaks.
 *
 * @param checked how many chained entries were checked
 * @param unchained entries written before the chain existed (migration V13), not checked
 * @param since where the walk started ({@code --since}), or empty for the whole chain
 * @param lastSeq the position of the last entry checked (0 when none)
 * @param lastHash the hash of the last entry checked ({@link AuditChain#GENESIS} when none): an
 *     auditor who keeps it can later check that the chain still ends in, or passes through, it
 * @param broken the first broken entry, or empty when the chain is intact
 */
public record ChainVerification(
    long checked,
    long unchained,
    Optional<Instant> since,
    long lastSeq,
    String lastHash,
    Optional<Broken> broken) {
  public ChainVerification {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(lastHash, "lastHash");
    Objects.requireNonNull(broken, "broken");
  }

  /** Whether every entry checked is intact and linked to the one before it. */
  public boolean ok() {
    return broken.isEmpty();
  }

  /** One line for people: {@code OK: 42 entries ...} or {@code BROKEN at entry ...}. */
  public String summary() {
    if (broken.isPresent()) {
      Broken b = broken.get();
      return "BROKEN at entry "
          + b.entryId()
          + " (seq "
          + b.seq()
          + ", "
          + b.time()
          + "): "
          + b.reason();
    }
    return "OK: "
        + checked
        + (checked == 1 ? " entry" : " entries")
        + since.map(t -> " since " + t).orElse("")
        + " verified, chain ends at seq "
        + lastSeq
        + " hash "
        + lastHash
        + (unchained > 0 ? " (" + unchained + " older entries predate the chain)" : "");
  }

  /** The JSON form used by the admin API and the evidence bundle (field order fixed). */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ok", ok());
    json.put("checked", checked);
    json.put("unchained", unchained);
    since.ifPresent(t -> json.put("since", t.toString()));
    json.put("lastSeq", lastSeq);
    json.put("lastHash", lastHash);
    broken.ifPresent(
        b -> {
          Map<String, Object> first = new LinkedHashMap<>();
          first.put("entryId", b.entryId());
          first.put("seq", b.seq());
          first.put("time", b.time().toString());
          first.put("reason", b.reason());
          json.put("firstBroken", first);
        });
    json.put("summary", summary());
    return json;
  }

  /**
   * The first entry where the chain breaks.
   *
   * @param entryId its id in the store (empty when the break is a missing tail)
   * @param seq its position
   * @param time its recorded time
   * @param reason what is wrong with it, in words
   */
  public record Broken(String entryId, long seq, Instant time, String reason) {}
}
