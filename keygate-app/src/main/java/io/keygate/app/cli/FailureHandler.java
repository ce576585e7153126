package io.keygate.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.app.client.AdminApiException;
import io.keygate.app.client.AdminUnreachableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Turns a command's failure into one line on stderr (or a JSON error with {@code --output json})
 * and the documented exit code. Never prints a stack trace for expected failures.
 */
public final class FailureHandler implements IExecutionExceptionHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
    int exitCode;
    String code;
    String message;
    switch (failure) {
      case CliFailure cli -> {
        exitCode = cli.exitCode();
        code = exitCode == ExitCodes.USAGE ? "Usage" : "Failed";
        message = cli.getMessage();
      }
      case AdminApiException api -> {
        exitCode = ExitCodes.forStatus(api.status());
        code = api.code();
        message = api.getMessage() + " (" + api.code() + ", HTTP " + api.status() + ")";
      }
      case AdminUnreachableException unreachable -> {
        exitCode = ExitCodes.UNAVAILABLE;
        code = "Unreachable";
        message = unreachable.getMessage();
      }
      default -> {
        exitCode = ExitCodes.GENERIC;
        code = "Failed";
        message =
            failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
      }
    }
    PrintWriter err = command.getErr();
    if (wantsJson(command)) {
      ObjectNode body = JSON.createObjectNode();
      body.putObject("error")
          .put("code", code)
          .put("message", failure instanceof AdminApiException ? failure.getMessage() : message)
          .put("exitCode", exitCode);
      err.println(body.toString());
    } else {
      err.println("keygate: " + message);
    }
    err.flush();
    return exitCode;
  }

  private static boolean wantsJson(CommandLine command) {
    OptionSpec output = command.getCommandSpec().findOption("--output");
    return output != null && output.getValue() == Output.json;
  }
}
