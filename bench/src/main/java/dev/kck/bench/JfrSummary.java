package dev.kck.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a JFR recording's CPU samples ({@code jdk.ExecutionSample}) say: which code was on CPU, by
 * library (the frame on top), and which of KCK's own methods the samples fell under.
 */
record JfrSummary(int samples, Map<String, Integer> byLibrary, Map<String, Integer> topMethods,
    Map<String, Integer> underKck) {
  private static final Map<String, String> LIBRARIES = libraries();

  static JfrSummary of(Path recording) throws IOException {
    Map<String, Integer> byLibrary = new TreeMap<>();
    Map<String, Integer> methods = new TreeMap<>();
    Map<String, Integer> underKck = new TreeMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
          || event.getStackTrace().getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      String top = name(frames.get(0));
      methods.merge(top, 1, Integer::sum);
      byLibrary.merge(library(top), 1, Integer::sum);
      Set<String> kck = new HashSet<>();
      frames.stream().map(JfrSummary::name).filter(n -> n.startsWith("dev.kck.")).forEach(kck::add);
      kck.forEach(method -> underKck.merge(method, 1, Integer::sum));
    }
    return new JfrSummary(samples, byLibrary, methods, underKck);
  }

  /** "a 41%, b 12%, ...": the {@code limit} largest, as shares of all samples. */
  String shares(Map<String, Integer> counts, int limit) {
    return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
        .map(e -> String.format(Locale.ROOT, "`%s` %.1f%%", e.getKey(), 100.0 * e.getValue() / samples))
        .collect(Collectors.joining(", "));
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static String library(String method) {
    return LIBRARIES.entrySet().stream().filter(e -> method.startsWith(e.getKey())).map(Map.Entry::getValue)
        .findFirst().orElse("other");
  }

  private static Map<String, String> libraries() {
    Map<String, String> libraries = new LinkedHashMap<>();
    libraries.put("dev.kck.", "KCK");
    libraries.put("org.eclipse.jetty.", "Jetty");
    libraries.put("io.javalin.", "Javalin");
    libraries.put("kotlin.", "Javalin");
    libraries.put("com.auth0.", "java-jwt");
    libraries.put("com.github.benmanes.caffeine.", "Caffeine");
    libraries.put("io.micrometer.", "Micrometer");
    libraries.put("com.datastax.", "Cassandra driver");
    libraries.put("io.netty.", "Netty (Cassandra driver)");
    libraries.put("org.postgresql.", "PostgreSQL JDBC");
    libraries.put("com.zaxxer.hikari.", "HikariCP");
    libraries.put("com.fasterxml.jackson.", "Jackson");
    libraries.put("ch.qos.logback.", "logging");
    libraries.put("org.slf4j.", "logging");
    libraries.put("sun.nio.", "JDK I/O");
    libraries.put("java.nio.", "JDK I/O");
    libraries.put("java.", "JDK");
    libraries.put("jdk.", "JDK");
    libraries.put("sun.", "JDK");
    return libraries;
  }
}
