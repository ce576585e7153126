package io.keygate.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version of this build, from {@code keygate-version.properties} (filtered by Maven). */
public final class KeygateVersion implements IVersionProvider {

  /** The version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a Maven build. */
  public static String version() {
    try (InputStream in = KeygateVersion.class.getResourceAsStream("/keygate-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"keygate " + version(), "Java " + Runtime.version()};
  }
}
