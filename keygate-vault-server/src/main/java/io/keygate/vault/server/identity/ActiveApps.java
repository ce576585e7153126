package io.keygate.vault.server.identity;

/**
 * Whether a registered app may still act: a Keygate-issued token is accepted only while its app
 * exists, so deleting an app revokes its tokens at once. Blocks (JDBC): called on a worker thread.
 */
@FunctionalInterface
public interface ActiveApps {
  boolean isActive(String clientId);
}
