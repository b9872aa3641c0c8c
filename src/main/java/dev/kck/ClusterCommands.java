package dev.kck;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kck.config.KckConfig;
import dev.kck.kernel.Json;
import dev.kck.operator.KeyReport;
import dev.kck.operator.Progress;
import dev.kck.operator.WarmKeys;
import dev.kck.product.Key;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import dev.kck.refresh.RefreshPlanner;
import dev.kck.store.QueueInspection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kck warm}, {@code kck inspect} and {@code kck queue}: steer and look at a cluster's cache from its configuration. */
final class ClusterCommands {
  /** Keys are queued in batches of this many: a few round trips each, and a progress step. */
  private static final int WARM_BATCH = 500;

  private ClusterCommands() {}

  @Command(name = "warm", header = "Queue a refresh of every key of a product; the instances compute them.",
      description = {"The keys come from the product's on_boot_sql (the default, or --from-sql), or from",
          "--rows FILE: a JSON array of parameter objects, or JSON lines of them. Prints the count."})
  static final class Warm implements Callable<Integer> {
    @Parameters(paramLabel = "PRODUCT", description = "The product to warm")
    String product;

    @ArgGroup(exclusive = true)
    Rows rows = new Rows();

    static final class Rows {
      @Option(names = "--from-sql", description = "Keys from the product's on_boot_sql (the default)")
      boolean fromSql;

      @Option(names = "--rows", paramLabel = "FILE", description = "Keys from parameter rows in FILE (JSON or JSON lines)")
      Path file;
    }

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
      KckConfig loaded = config.load();
      ProductRegistry products = Main.definitions(loaded).products();
      ProductSpec spec = products.get(product).spec();
      // A bad file, or a product without on_boot_sql, is refused before anything is opened.
      List<String> fromFile = rows.file == null ? null : WarmKeys.fromRows(spec, rows.file);
      if (fromFile == null) {
        WarmKeys.requireOnBootSql(spec);
      }
      try (StoreSession session = StoreSession.open(loaded)) {
        List<String> keys = fromFile != null ? fromFile : WarmKeys.fromSql(spec, session.source().dataSource());
        RefreshPlanner planner = planner(products, session);
        Progress progress = Progress.onStderr("warm", "keys", keys.size());
        for (int from = 0; from < keys.size(); from += WARM_BATCH) {
          List<String> batch = keys.subList(from, Math.min(keys.size(), from + WARM_BATCH));
          planner.request(batch);
          progress.step(batch.size());
        }
        progress.done("queued");
        System.out.println("queued " + keys.size() + " keys of " + spec.name());
      }
      return 0;
    }
  }

  @Command(name = "inspect", header = "Print one cached key: version, modified, freshness, depends_on, dependents.",
      description = {"As JSON on stdout. Exits 1 when the key is not cached."})
  static final class Inspect implements Callable<Integer> {
    @Parameters(paramLabel = "KEY", description = "A key, as in /fetch/KEY: product/value/value")
    String key;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws JsonProcessingException {
      KckConfig loaded = config.load();
      ProductRegistry products = Main.definitions(loaded).products();
      Key parsed = products.parse(key);
      try (StoreSession session = StoreSession.open(loaded)) {
        Optional<Map<String, Object>> report = new KeyReport(products, planner(products, session))
            .of(parsed, session.store().entries().get(parsed.text()), Instant.now());
        if (report.isEmpty()) {
          System.err.println("kck: " + parsed.text() + " is not cached");
          return 1;
        }
        System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report.get()));
      }
      return 0;
    }
  }

  @Command(name = "queue", header = "Print the refresh queue: depth, claimed, the oldest request and its age.",
      description = {"As JSON on stdout."})
  static final class Queue implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws JsonProcessingException {
      KckConfig loaded = config.load();
      try (StoreSession session = StoreSession.open(loaded)) {
        QueueInspection.QueueSnapshot snapshot = session.store().queueInspection().snapshot(Integer.MAX_VALUE);
        System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(render(snapshot, Instant.now())));
      }
      return 0;
    }

    static Map<String, Object> render(QueueInspection.QueueSnapshot snapshot, Instant now) {
      Optional<QueueInspection.Oldest> oldest = Optional.ofNullable(snapshot.oldest());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("depth", snapshot.depth());
      out.put("claimed", snapshot.claimed().size());
      out.put("oldest_age_ms", oldest.map(o -> Duration.between(o.firstRequested(), now).toMillis()).orElse(null));
      out.put("oldest", oldest.map(o -> Map.of("key", o.key(), "first_requested", o.firstRequested().toString(),
          "demand", o.demand())).orElse(null));
      return out;
    }
  }

  private static RefreshPlanner planner(ProductRegistry products, StoreSession session) {
    return new RefreshPlanner(products, session.store().index(), session.store().catalog(), session.store().queue(),
        session.notices());
  }
}
