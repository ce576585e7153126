package io.keygate.vault.server;

/** Maps a typed exception of another module to an {@link ApiError}. */
@FunctionalInterface
public interface FailureTranslator {
  /** The API error for {@code failure}, or null when this translator does not know it. */
  ApiError translate(Throwable failure);
}
