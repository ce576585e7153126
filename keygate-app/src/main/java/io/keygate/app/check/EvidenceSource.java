package io.keygate.app.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.check.SecretMetadata;
import java.util.Collection;

/**
 * What an evidence bundle adds to the report: the rotation history and the audit entries of the
 * checked secrets, and the verification of the audit trail's hash chain that holds them, as the
 * source records them (metadata only, never values).
 */
interface EvidenceSource {
  /** The secret's rotations, newest first, as JSON objects. */
  JsonNode rotationHistory(SecretMetadata secret);

  /** The recent audit entries (newest first) that concern any of {@code secrets}. */
  JsonNode auditEntries(Collection<SecretMetadata> secrets);

  /**
   * The audit chain's verification ({@code ok}, {@code checked}, {@code lastSeq}, {@code lastHash},
   * {@code firstBroken}), or {@code {"unavailable": reason}} when the source cannot say.
   */
  JsonNode auditChain();

  /** For a check that asked no Keygate vault (only external sources): nothing to add. */
  EvidenceSource NONE =
      new EvidenceSource() {
        @Override
        public JsonNode rotationHistory(SecretMetadata secret) {
          return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }

        @Override
        public JsonNode auditEntries(Collection<SecretMetadata> secrets) {
          return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }

        @Override
        public JsonNode auditChain() {
          return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
              .objectNode()
              .put("unavailable", "no Keygate vault was checked");
        }
      };
}
