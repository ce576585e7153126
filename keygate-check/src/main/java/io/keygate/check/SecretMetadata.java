package io.keygate.check;

import io.keygate.secrets.SecretRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a metadata source knows about one secret: every version's attributes and, where the source
 * keeps them, its rotation policy and last rotation. Rotation data is optional: sources (and vault
 * versions) without rotation leave it empty, and the rotation rules then say so instead of
 * guessing.
 *
 * @param ref the secret (no version, no field)
 * @param currentVersion the version served when a reference pins none
 * @param versions every version, oldest first
 * @param rotationKnown whether the source reports rotation policies at all; when false, the absence
 *     of a policy means "unknown", not "none"
 * @param rotation the rotation policy, if the secret has one
 * @param lastRotation the last rotation attempt, if any
 */
public record SecretMetadata(
    SecretRef ref,
    String currentVersion,
    List<VersionMetadata> versions,
    boolean rotationKnown,
    Optional<RotationSchedule> rotation,
    Optional<RotationAttempt> lastRotation) {
  public SecretMetadata {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(currentVersion, "currentVersion");
    versions = List.copyOf(versions);
    Objects.requireNonNull(rotation, "rotation");
    Objects.requireNonNull(lastRotation, "lastRotation");
  }

  /** Metadata from a source that knows nothing about rotation. */
  public static SecretMetadata withoutRotation(
      SecretRef ref, String currentVersion, List<VersionMetadata> versions) {
    return new SecretMetadata(
        ref, currentVersion, versions, false, Optional.empty(), Optional.empty());
  }

  /** The named version (case-insensitive), or empty. */
  public Optional<VersionMetadata> version(String id) {
    return versions.stream().filter(v -> v.version().equalsIgnoreCase(id)).findFirst();
  }

  /** The current version's attributes. */
  public Optional<VersionMetadata> current() {
    return version(currentVersion);
  }
}
