package io.keygate.check;

/**
 * What a rule reports before the profile rates it: where, and what to do.
 *
 * @param location where the problem is
 * @param message what is wrong and what to do; never a secret value
 */
public record Hit(Location location, String message) {}
