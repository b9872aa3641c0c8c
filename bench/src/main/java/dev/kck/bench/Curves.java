package dev.kck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Live clients at scale and the cost curves (issue 15, items 2 and 3), each on a KCK instance of its
 * own started against the shared PostgreSQL, one at a time, with the curve products of
 * {@link CurveProducts}: the subscriber curve, the update fan-out, then hot throughput and heap as L1
 * fills. Returns one Markdown section (also written to bench/results/curves.md) with the tables,
 * the PNG charts beside it in bench/results, and the load the machine was under.
 */
final class Curves {
  private final Settings settings;
  private final CurveSettings curves;
  private final Http http;
  private final BenchPostgres postgres;
  private final SigningKey signingKey;
  private final String reader;
  private final String admin;

  Curves(Settings settings, Http http, BenchPostgres postgres, SigningKey signingKey) {
    this.settings = settings;
    this.curves = CurveSettings.load();
    this.http = http;
    this.postgres = postgres;
    this.signingKey = signingKey;
    this.reader = signingKey.mint("bench-live", "");
    this.admin = signingKey.mint("bench-admin", "kck:admin");
  }

  String run() throws Exception {
    String loadAtStart = Machine.loadAverage();
    KckInstance.Definitions definitions = CurveProducts.install(settings, postgres.jdbcUrl());
    Path results = settings.root().resolve("bench/results");
    Files.createDirectories(results);
    StringBuilder out = new StringBuilder("\n## Live clients and cost curves, "
        + OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS) + "\n");
    out.append(subscribers(definitions, results));
    out.append(fanOut(definitions, results));
    out.append(hot(definitions, results));
    out.append(String.format("""

        Load average at start of the curves %s, at end %s (2 cores shared with other work: the figures are \
        from a loaded machine). Settings: `%s`; the subscriber and fan-out instances run with `%s`, \
        `cache.l1_max_bytes: 256MB`, postgres store, `refresh.workers: 4`, and the `live:` limits \
        `max_streams`/`max_waiters` 20,000, per subject 20,000 (every live client carries one token).
        """, loadAtStart, Machine.loadAverage(), curves.describe(), String.join(" ", settings.serverJvmOptions())));
    Files.writeString(results.resolve("curves.md"), out.toString());
    Log.progress("wrote %s", results.resolve("curves.md"));
    return out.toString();
  }

  private String subscribers(KckInstance.Definitions definitions, Path results) throws Exception {
    KckInstance kck = start("curves-live", KckInstance.Store.postgres("256MB"), settings.serverJvmOptions(),
        definitions);
    try {
      List<Subscribers.Point> points = new Subscribers(http, kck, reader, admin, curves.liveKeys()).run(curves.subscribers());
      return Subscribers.markdown(points, curves.liveKeys(), results);
    } finally {
      kck.child.stop();
    }
  }

  private String fanOut(KckInstance.Definitions definitions, Path results) throws Exception {
    KckInstance kck = start("curves-fan", KckInstance.Store.postgres("256MB"), settings.serverJvmOptions(),
        definitions);
    try {
      FanOutCurve curve = new FanOutCurve(http, postgres, kck, reader, admin);
      List<FanOutCurve.Point> points = curve.run(curves.fanOutKeys());
      return FanOutCurve.markdown(points, curve.statements(), results);
    } finally {
      kck.child.stop();
    }
  }

  private String hot(KckInstance.Definitions definitions, Path results) throws Exception {
    KckInstance kck = start("curves-hot", KckInstance.Store.postgres(curves.hotL1Bytes()), curves.hotJvmOptions(),
        definitions);
    try {
      return HotCurve.markdown(new HotCurve(settings, curves, http, kck, reader, admin).run(), results);
    } finally {
      kck.child.stop();
    }
  }

  private KckInstance start(String name, KckInstance.Store store, List<String> jvmOptions,
      KckInstance.Definitions definitions) throws Exception {
    Log.progress("curves: starting KCK instance %s (postgres store, L1 %s, %s)", name, store.l1MaxBytes(),
        String.join(" ", jvmOptions));
    KckInstance kck = KckInstance.start(name, settings, postgres.jdbcUrl(), signingKey.secret, store, jvmOptions,
        definitions);
    kck.awaitReady(http, Duration.ofMinutes(3));
    return kck;
  }
}
