package dev.kck.bench;

import dev.kck.testing.ExitWithParent;
import dev.kck.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A few rows alone, for working on one of them (BENCH_ONLY): the same servers, keys, interleaved
 * rounds and profiles as the full run, without the others' start-up, write side, storms and soak.
 * <ul>
 *   <li>{@code hot}: bare, raw Jetty, Varnish cache hit and KCK hot (instance A, postgres store, L1
 *       256MB); profiles of KCK hot and raw Jetty. With BENCH_BASELINE_JAR, also "KCK hot, baseline
 *       jar": the same instance from that jar, in the same rounds (a before/after of a change).
 *   <li>{@code cassandra}: KCK L2 cassandra and its light-load row (L1 off); profile of the light-load row.
 * </ul>
 * Writes bench/work/only-NAME.md (not kept in git), not bench/results/latest.md.
 */
final class PartialRun {
  /** The parts of BENCH_ONLY this class runs (the soak and the curves run from {@link Bench}). */
  static final List<String> PARTS = List.of("hot", "cassandra");

  private static final LocalDate WARM_DAY = LocalDate.of(2025, 3, 10);

  private final Settings settings;
  private final Http http = new Http();
  private final SigningKey signingKey = new SigningKey();
  private final Report report = new Report();
  private volatile BenchPostgres postgres;
  private volatile BenchCassandra cassandra;

  PartialRun(Settings settings) {
    this.settings = settings;
  }

  String run() throws Exception {
    Machine machine = Machine.describe();
    Log.progress("BENCH_ONLY=%s; machine: %d CPUs, load average %s", settings.only(), machine.cpus(), machine.load());
    Files.createDirectories(settings.work());
    postgres = BenchPostgres.start(settings.work().resolve("postgres"), settings.root().resolve("config/sql/demo.sql"));
    String reader = signingKey.mint("bench-reader", "sales:read");
    List<String> keys = lightKeys();
    List<Wrk.Target> targets;
    List<Profiles.Profiled> profiled = new ArrayList<>();
    String varnishNote = null;
    switch (settings.only()) {
      case "hot" -> {
        Path varnishd = VarnishServer.binary();
        varnishNote = VarnishServer.note(varnishd);
        targets = hotTargets(keys, reader, varnishd, profiled);
      }
      case "cassandra" -> targets = cassandraTargets(keys, reader, profiled);
      default -> throw new IllegalArgumentException("BENCH_ONLY must be hot or cassandra, not " + settings.only());
    }
    Map<String, LoadPhase.Measured> measured = new LoadPhase(settings, postgres).run(targets,
        new FreshKeys(http, signingKey.mint("bench-admin", "kck:admin"))::renew, target -> {});
    LoadPhase.rows(measured, null, varnishNote).forEach(report::add);
    if (measured.containsKey("KCK hot")) {
      LoadPhase.hotRoundsChart(measured, settings.root().resolve("bench/results/hot-rounds.png"));
    }
    if (settings.profileSeconds() > 0) {
      report.section(new Profiles(settings).markdown(profiled));
    }
    report.note("BENCH_ONLY=" + settings.only() + ": these rows alone, wrk " + settings.wrkThreads() + " threads, "
        + settings.connections() + " connections (light load: " + settings.latencyConnections() + ", 1 thread), "
        + settings.seconds() + " s per run, " + settings.rounds() + " rounds interleaved (odd rounds in table order, "
        + "even rounds reversed); ratios are medians of the per-round ratios.");
    String table = report.markdown(settings, machine, Machine.loadAverage(), "PostgreSQL (bench)");
    Path file = settings.work().resolve("only-" + settings.only() + ".md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, table);
    Log.progress("wrote %s", file);
    return table;
  }

  /** Stops what this run started, PostgreSQL last. */
  synchronized void stopEverything() {
    Child.stopAll();
    BenchCassandra node = cassandra;
    cassandra = null;
    if (node != null) {
      node.kill();
    }
    BenchPostgres database = postgres;
    postgres = null;
    if (database != null) {
      database.close();
    }
  }

  private List<Wrk.Target> hotTargets(List<String> keys, String reader, Path varnishd,
      List<Profiles.Profiled> profiled) throws Exception {
    KckInstance a = KckInstance.start("a", settings, postgres.jdbcUrl(), signingKey.secret,
        KckInstance.Store.postgres("256MB"));
    a.awaitReady(http, Duration.ofMinutes(3));
    Path responses = BareResponses.capture(http, a, keys, reader).write(settings.work().resolve("bare-responses.json"));
    int barePort = FreePorts.onLoopback();
    int rawPort = FreePorts.onLoopback();
    Child bare = startServer("bare", BareServer.class, barePort, List.of(responses.toString(), "response"));
    Child raw = startServer("raw-jetty", RawJettyServer.class, rawPort, List.of(responses.toString()));
    awaitHealth(bare, barePort);
    awaitHealth(raw, rawPort);
    List<Wrk.Target> targets = new ArrayList<>();
    int c = settings.connections();
    targets.add(new Wrk.Target("bare", url(barePort), keys, reader, c, settings.wrkThreads()));
    if (varnishd != null) {
      int varnishPort = FreePorts.onLoopback();
      awaitHealth(VarnishServer.start(settings, varnishd, varnishPort, barePort), varnishPort);
      targets.add(new Wrk.Target("Varnish cache hit", url(varnishPort), keys, reader, c, settings.wrkThreads()));
    }
    // Raw Jetty next to KCK hot, so that the two compared run within seconds of each other.
    Wrk.Target rawTarget = new Wrk.Target("raw Jetty", url(rawPort), keys, reader, c, settings.wrkThreads());
    targets.add(rawTarget);
    Wrk.Target hot = new Wrk.Target("KCK hot", a.url(), keys, reader, c, settings.wrkThreads());
    targets.add(hot);
    String baseline = System.getenv().getOrDefault("BENCH_BASELINE_JAR", "");
    if (!baseline.isBlank()) {
      targets.add(new Wrk.Target("KCK hot, baseline jar", baselineInstance(Path.of(baseline), keys, reader).url(), keys,
          reader, c, settings.wrkThreads()));
    }
    profiled.add(new Profiles.Profiled(hot, a.child.pid()));
    profiled.add(new Profiles.Profiled(rawTarget, raw.pid()));
    return targets;
  }

  /** The same instance as A from another jar (an earlier commit), for a before/after in the same rounds. */
  private KckInstance baselineInstance(Path jar, List<String> keys, String reader) throws Exception {
    KckInstance kck = KckInstance.start("a-baseline", settings, jar.toAbsolutePath(), postgres.jdbcUrl(),
        signingKey.secret, KckInstance.Store.postgres("256MB"), settings.serverJvmOptions());
    kck.awaitReady(http, Duration.ofMinutes(3));
    for (String key : keys) {
      Freshness.expect(http.get(kck.url() + "/fetch/" + key, reader), 200, key);
    }
    return kck;
  }

  private List<Wrk.Target> cassandraTargets(List<String> keys, String reader, List<Profiles.Profiled> profiled)
      throws Exception {
    cassandra = BenchCassandra.start(settings);
    if (cassandra.node() == null) {
      throw new IllegalStateException("no Cassandra node: " + cassandra.note());
    }
    KckInstance kck = KckInstance.start("l2-cassandra", settings, postgres.jdbcUrl(), signingKey.secret,
        KckInstance.Store.cassandra("0", cassandra.port()));
    kck.awaitReady(http, Duration.ofMinutes(3));
    for (String key : keys) {
      Freshness.expect(http.get(kck.url() + "/fetch/" + key, reader), 200, key);
    }
    Wrk.Target light = new Wrk.Target("KCK L2 cassandra, light load", kck.url(), keys, reader,
        settings.latencyConnections(), 1);
    profiled.add(new Profiles.Profiled(light, kck.child.pid()));
    return List.of(new Wrk.Target("KCK L2 cassandra", kck.url(), keys, reader, settings.connections(),
        settings.wrkThreads()), light);
  }

  private Child startServer(String name, Class<?> main, int port, List<String> args) {
    List<String> command = new ArrayList<>(List.of(Bench.java()));
    command.addAll(settings.serverJvmOptions());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ExitWithParent.class.getName(),
        main.getName(), Integer.toString(port)));
    command.addAll(args);
    return Child.start(name, settings.work().resolve("logs/" + name + ".log"), command,
        Map.of("BENCH_JWT_SECRET", signingKey.secret));
  }

  private void awaitHealth(Child child, int port) throws InterruptedException {
    child.awaitHealthy(http, url(port) + "/health");
  }

  private static String url(int port) {
    return "http://127.0.0.1:" + port;
  }

  /** The full run's light keys: 50 stores x 4 days of store_daily_sales. */
  private static List<String> lightKeys() {
    List<String> keys = new ArrayList<>();
    for (int day = 0; day < 4; day++) {
      for (int store = 1; store <= 50; store++) {
        keys.add("store_daily_sales/" + store + "/" + WARM_DAY.plusDays(day));
      }
    }
    return keys;
  }
}
