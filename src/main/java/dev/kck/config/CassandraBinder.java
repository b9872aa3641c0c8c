package dev.kck.config;

import dev.kck.yaml.Section;
import java.util.List;
import java.util.regex.Pattern;

/** Binds {@code cache.cassandra}, checking what the driver would otherwise reject only at start. */
final class CassandraBinder {
  private static final List<String> CONSISTENCY_LEVELS = List.of("ONE", "LOCAL_ONE", "QUORUM", "LOCAL_QUORUM",
      "ALL", "EACH_QUORUM", "TWO", "THREE", "LOCAL_SERIAL", "SERIAL");
  private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,47}");

  KckConfig.Cassandra bind(Section s) {
    List<String> contactPoints = s.strings("contact_points", List.of("127.0.0.1:9042"));
    contactPoints.stream().filter(point -> !isHostAndPort(point)).forEach(point ->
        s.problem("contact_points", "'" + point + "' is not host:port, like 127.0.0.1:9042"));
    if (contactPoints.isEmpty()) {
      s.problem("contact_points", "needs at least one host:port");
    }
    String datacenter = s.string("local_datacenter", "datacenter1");
    String keyspace = s.string("keyspace", "kck");
    if (!KEYSPACE.matcher(keyspace).matches()) {
      s.problem("keyspace", "must be a letter then up to 47 letters, digits or _, got '" + keyspace + "'");
    }
    String replication = s.string("replication", "{'class': 'SimpleStrategy', 'replication_factor': 1}");
    String read = consistency(s, "read_consistency", "LOCAL_ONE");
    String write = consistency(s, "write_consistency", "LOCAL_QUORUM");
    s.finish();
    return new KckConfig.Cassandra(contactPoints, datacenter, keyspace, replication, read, write);
  }

  private static String consistency(Section s, String key, String fallback) {
    String level = s.string(key, fallback);
    if (!CONSISTENCY_LEVELS.contains(level)) {
      s.problem(key, "'" + level + "' is not a consistency level (allowed: "
          + String.join(", ", CONSISTENCY_LEVELS) + ")");
    }
    return level;
  }

  private static boolean isHostAndPort(String point) {
    int colon = point.lastIndexOf(':');
    if (colon <= 0) {
      return false;
    }
    try {
      int port = Integer.parseInt(point.substring(colon + 1));
      return port >= 1 && port <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
