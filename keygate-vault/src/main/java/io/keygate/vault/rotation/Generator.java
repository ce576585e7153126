package io.keygate.vault.rotation;

import io.keygate.secrets.SecretValue;

/**
 * Makes a secret's next value and, where it knows how, applies it at the target (a database role, a
 * webhook that rotates a third-party key). Must be safe to run again after a crash: the scheduler
 * repeats an interrupted rotation from the start. Its exceptions' messages must never contain a
 * value.
 */
@FunctionalInterface
public interface Generator {
  SecretValue generate(RotationContext context);
}
