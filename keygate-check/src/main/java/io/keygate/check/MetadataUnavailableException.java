package io.keygate.check;

/** The metadata source could not answer at all; the message says why and never holds a value. */
public final class MetadataUnavailableException extends RuntimeException {
  public MetadataUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public MetadataUnavailableException(String message) {
    super(message);
  }
}
