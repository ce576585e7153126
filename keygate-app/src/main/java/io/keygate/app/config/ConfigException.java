package io.keygate.app.config;

/** The configuration file cannot be used; the message names the file, the key and the problem. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
