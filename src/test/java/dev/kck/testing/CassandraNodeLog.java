package dev.kck.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** A node's output file, kept across restarts: each start appends a header and then the output. */
record CassandraNodeLog(Path file) {

  /** Appends a header for a new start and returns the offset at which that start's output begins. */
  long beginStart(String command) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    long offset = Files.exists(file) ? Files.size(file) : 0;
    Files.writeString(
        file,
        "==== " + Instant.now() + " starting Cassandra: " + command + System.lineSeparator(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return offset;
  }

  boolean containsAfter(long offset, String text) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length <= offset) {
        return false;
      }
      byte[] bytes = new byte[(int) (length - offset)];
      in.seek(offset);
      in.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  String tail(int lines) {
    try (Stream<String> all = Files.lines(file, StandardCharsets.UTF_8)) {
      List<String> kept = all.toList();
      return String.join(
          System.lineSeparator(), kept.subList(Math.max(0, kept.size() - lines), kept.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
