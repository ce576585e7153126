package io.keygate.app.secret;

import io.keygate.app.cli.CliFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where {@code set} takes the value from: {@code --value}, {@code --file} ({@code -} for stdin), or
 * stdin when neither is given. Files and stdin are taken byte for byte (a trailing newline is part
 * of the value) and must be UTF-8 text.
 */
final class ValueInput {
  // Generous: the server enforces the real limit (25 KiB by default) with a clear message.
  private static final int MAX_READ_BYTES = 1024 * 1024;

  @Option(
      names = "--value",
      paramLabel = "VALUE",
      description =
          "The value. Visible to other users of the machine in the process list: prefer --file or"
              + " stdin.")
  String value;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description = "Read the value from FILE, or from stdin when FILE is '-'.")
  String file;

  /** The value text; reads stdin when no other source is given. */
  String read(InputStream stdin) {
    if (value != null && file != null) {
      throw CliFailure.usage("give the value with either --value or --file, not both");
    }
    if (value != null) {
      return value;
    }
    if (file == null || file.equals("-")) {
      return utf8(readBounded(stdin), "stdin");
    }
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return utf8(readBounded(in), file);
    } catch (NoSuchFileException e) {
      throw CliFailure.usage("--file: no such file " + file);
    } catch (IOException e) {
      throw CliFailure.usage("--file: cannot read " + file + ": " + e.getMessage());
    }
  }

  private static byte[] readBounded(InputStream in) {
    try {
      byte[] bytes = in.readNBytes(MAX_READ_BYTES + 1);
      if (bytes.length > MAX_READ_BYTES) {
        throw CliFailure.usage("the value is larger than " + MAX_READ_BYTES + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw CliFailure.usage("cannot read the value: " + e.getMessage());
    }
  }

  private static String utf8(byte[] bytes, String origin) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw CliFailure.usage(
          "the value from " + origin + " is not UTF-8 text; encode binary values (e.g. base64)");
    }
  }
}
