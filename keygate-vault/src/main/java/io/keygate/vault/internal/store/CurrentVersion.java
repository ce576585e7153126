package io.keygate.vault.internal.store;

/** A secret together with its current version's row. */
public record CurrentVersion(SecretRow secret, VersionRow version) {}
