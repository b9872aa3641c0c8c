package dev.kck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One look at each soak instance: GET /metrics, its open file descriptors and RSS in /proc, and its
 * PostgreSQL sessions in pg_stat_activity (KCK registers no HikariCP metrics, so the sessions are
 * counted where they end: each instance connects with its own {@code ApplicationName}).
 */
final class SoakSampler {
  /** One instance at one moment; NaN for a metric /metrics did not have. */
  /** @param heapAfterFullGcBytes the heap right after a full GC, once a minute; NaN in the other samples */
  record Sample(long elapsedSeconds, double l1Bytes, double liveHeapBytes, double heapUsedBytes, double threads,
      long fileDescriptors, long rssKb, int sessions, int activeSessions, double sourceUp, double storeUp,
      double queueDepth, double heapAfterFullGcBytes) {}

  /** How often a sample starts with a full GC (jcmd GC.run): the heap it leaves is what the instance holds. */
  static final long FULL_GC_EVERY_SECONDS = 60;

  static final String GAUGE_NAN = "samples where kck_refresh_queue_depth was NaN (depth from GET /admin/queue)";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final Http http;
  private final BenchPostgres postgres;
  private final SoakTally tally;
  private final String admin;

  SoakSampler(Http http, BenchPostgres postgres, SoakTally tally, String adminToken) {
    this.http = http;
    this.postgres = postgres;
    this.tally = tally;
    this.admin = adminToken;
  }

  /** The application name an instance's connections carry (see {@link #jdbcUrl}). */
  static String applicationName(String instance) {
    return "kck-" + instance;
  }

  /** The source URL an instance is given, naming it to PostgreSQL. */
  static String jdbcUrl(String base, String instance) {
    return base + (base.contains("?") ? "&" : "?") + "ApplicationName=" + applicationName(instance);
  }

  /** Every instance, at once (one pg_stat_activity query for all). */
  Map<String, Sample> sample(List<KckInstance> instances, long elapsedSeconds) throws Exception {
    Map<String, int[]> sessions = sessions();
    Map<String, Sample> samples = new HashMap<>();
    for (KckInstance kck : instances) {
      int[] counted = sessions.getOrDefault(applicationName(kck.name), new int[2]);
      samples.put(kck.name, sample(kck, elapsedSeconds, counted[0], counted[1]));
    }
    return samples;
  }

  private Sample sample(KckInstance kck, long elapsedSeconds, int sessions, int active) throws Exception {
    boolean fullGc = elapsedSeconds % FULL_GC_EVERY_SECONDS == 0;
    if (fullGc) {
      Jcmd.run(kck.child.pid(), "GC.run");
    }
    PrometheusText metrics = kck.metrics(http);
    double heap = metrics.sum("jvm_memory_used_bytes", "area=\"heap\"");
    return new Sample(elapsedSeconds, metrics.sum("kck_l1_bytes", ""), metrics.sum("jvm_gc_live_data_size_bytes", ""),
        heap, metrics.sum("jvm_threads_live_threads", ""),
        fileDescriptors(kck.child.pid()), kck.child.memoryKb()[1], sessions, active,
        metrics.sum("kck_dependency_up", "dependency=\"source\""),
        metrics.sum("kck_dependency_up", "dependency=\"cache_store\""), queueDepth(kck, metrics),
        fullGc ? heap : Double.NaN);
  }

  /**
   * The gauge, or when it reads NaN (Micrometer's value for a gauge whose read threw) the depth
   * GET /admin/queue gives, whose answer then also says what went wrong.
   */
  private double queueDepth(KckInstance kck, PrometheusText metrics) {
    double gauge = metrics.sum("kck_refresh_queue_depth", "");
    if (!Double.isNaN(gauge)) {
      return gauge;
    }
    tally.count(GAUGE_NAN);
    Http.Response response = http.get(kck.url() + "/admin/queue", admin);
    if (response.status() != 200) {
      tally.error("GET /admin/queue", kck.name + ": " + response.status() + " " + response.body());
      return Double.NaN;
    }
    try {
      return JSON.readTree(response.body()).path("depth").asDouble(Double.NaN);
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** Sessions and active sessions by application name. */
  private Map<String, int[]> sessions() throws SQLException {
    Map<String, int[]> counts = new HashMap<>();
    for (String row : postgres.scalars("""
        select application_name || ' ' || count(*) || ' ' || count(*) filter (where state = 'active')
        from pg_stat_activity where backend_type = 'client backend' group by application_name
        """)) {
      String[] parts = row.split(" ");
      if (parts.length == 3) {
        counts.put(parts[0], new int[] {Integer.parseInt(parts[1]), Integer.parseInt(parts[2])});
      }
    }
    return counts;
  }

  /** Open file descriptors of a process (sockets among them), -1 when /proc cannot tell. */
  static long fileDescriptors(long pid) {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.count();
    } catch (IOException e) {
      return -1;
    }
  }
}
