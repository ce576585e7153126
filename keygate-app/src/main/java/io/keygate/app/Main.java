package io.keygate.app;

/** The {@code keygate} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("keygate");
  }
}
