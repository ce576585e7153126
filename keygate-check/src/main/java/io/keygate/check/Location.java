package io.keygate.check;

/**
 * Where a finding points: a file as shown to the user (relative to the checked folder's base when
 * possible) and a 1-based line and column, 0 when unknown. {@link #NONE} for findings about things
 * that live in no file (an API key).
 */
public record Location(String file, int line, int column) {
  public static final Location NONE = new Location("", 0, 0);

  public Location {
    file = file == null ? "" : file;
  }

  public boolean hasFile() {
    return !file.isEmpty();
  }

  /** {@code file:line}, {@code file}, or {@code -}. */
  @Override
  public String toString() {
    if (!hasFile()) {
      return "-";
    }
    return line > 0 ? file + ":" + line : file;
  }
}
