package dev.kck.yaml;

import java.util.Objects;

/**
 * One thing wrong with a configuration, product or updater file.
 *
 * @param file the file, as the user would type it (relative to the working directory when inside it)
 * @param path the field, {@code auth.keys[1].alg}; empty when the problem is the file itself
 * @param line 1-based line in the file; 0 when unknown
 * @param message what is wrong, in words fit for the person editing the file
 */
public record ConfigProblem(String file, String path, int line, String message) {

  public ConfigProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    if (line < 0) {
      throw new IllegalArgumentException("line must be 0 (unknown) or more: " + line);
    }
  }

  /** {@code config/kck.yaml:12: server.port: expected an integer, got 'abc'}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(file);
    if (line > 0) {
      text.append(':').append(line);
    }
    text.append(": ");
    if (!path.isEmpty()) {
      text.append(path).append(": ");
    }
    return text.append(message).toString();
  }
}
