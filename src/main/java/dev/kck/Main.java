package dev.kck;

import dev.kck.auth.TokenIssuer;
import dev.kck.config.ConfigLoader;
import dev.kck.config.KckConfig;
import dev.kck.definition.Definitions;
import dev.kck.kernel.KckException;
import dev.kck.yaml.ConfigException;
import dev.kck.yaml.ConfigProblem;
import dev.kck.yaml.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import sun.misc.Signal;

/**
 * The command line: {@code serve} (the default), {@code check}, {@code token}, {@code typegen}, and
 * the operator commands against a cluster ({@link CacheCommands}, {@link ClusterCommands}). Exit codes 0 / 1 / 2.
 */
@Command(name = "kck", mixinStandardHelpOptions = true, version = "kck 0.1",
    description = "Keeps data products fresh and serves them fast.",
    subcommands = {Main.Serve.class, Main.Check.class, Main.Token.class, Typegen.class,
        CacheCommands.Dump.class, CacheCommands.Load.class, ClusterCommands.Warm.class,
        ClusterCommands.Inspect.class, ClusterCommands.Queue.class})
public final class Main implements Callable<Integer> {
  static final int BAD_CONFIG = 2;
  static final Path DEFAULT_CONFIG = Path.of("config", "kck.yaml");

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof ConfigException config) {
        printProblems(config.problems());
        return BAD_CONFIG;
      }
      System.err.println("kck: " + e.getMessage() + rootCause(e));
      return 1;
    });
    return commandLine.execute(args);
  }

  /**
   * Why a store or database was unavailable: HTTP clients never see the cause, but an operator at
   * the command line needs it ("Connection refused").
   */
  private static String rootCause(Exception e) {
    if (!(e instanceof KckException.Unavailable) || e.getCause() == null) {
      return "";
    }
    Throwable cause = e.getCause();
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return " (" + cause.getMessage() + ")";
  }

  /** {@code --config} given before (or without) a subcommand: {@code kck --config f.yaml} serves it. */
  @Mixin
  ConfigOption config;

  /** No subcommand means serve. */
  @Override
  public Integer call() throws Exception {
    Serve serve = new Serve();
    serve.config = config;
    return serve.call();
  }

  /** The config file: --config, else KCK_CONFIG, else config/kck.yaml when present, else built-in defaults. */
  static KckConfig loadConfig(Path option) {
    Path file = configFile(option);
    return file == null ? new ConfigLoader().defaults() : new ConfigLoader().load(file, System.getenv());
  }

  /** The file loadConfig reads; null for the built-in defaults. */
  static Path configFile(Path option) {
    Path file = option;
    if (file == null && System.getenv("KCK_CONFIG") != null) {
      file = Path.of(System.getenv("KCK_CONFIG"));
    }
    if (file == null && Files.exists(DEFAULT_CONFIG)) {
      file = DEFAULT_CONFIG;
    }
    return file;
  }

  /** The products and updaters of a configuration, checked. */
  static Definitions definitions(KckConfig config) {
    return Definitions.load(config.products(), config.updaters(), config.plugins());
  }

  /** What serve requires beyond a valid file: no public secret unless the file says so. */
  static KckConfig loadServable(Path option) {
    KckConfig config = loadConfig(option);
    DevelopmentSecret.refuseUnlessAllowed(config.auth(), configFile(option));
    return config;
  }

  static void printProblems(List<ConfigProblem> problems) {
    System.err.println("kck: the configuration has " + problems.size() + " problem(s):");
    problems.forEach(problem -> System.err.println("  " + problem));
  }

  @Command(name = "serve", description = "Serve the HTTP API (the default command).")
  static final class Serve implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    /**
     * Serves until SIGTERM (or SIGINT), then stops cleanly and exits 0. The signals are handled here
     * rather than by a shutdown hook: a JVM that exits through its hooks on a signal exits 143.
     */
    @Override
    public Integer call() throws InterruptedException {
      KckConfig loaded = config.loadServable();
      CountDownLatch stopAsked = new CountDownLatch(1);
      for (String name : List.of("TERM", "INT")) {
        Signal.handle(new Signal(name), signal -> stopAsked.countDown());
      }
      App app = App.start(loaded);
      DevelopmentToken.announce(loaded);
      stopAsked.await();
      app.close();
      return 0;
    }
  }

  @Command(name = "check", description = "Validate config, products and updaters; print every problem.")
  static final class Check implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
      KckConfig loaded = config.loadServable();
      Definitions checked = Definitions.load(loaded.products(), loaded.updaters(), loaded.plugins());
      System.out.println("kck: configuration OK (" + checked.products().all().size() + " products, "
          + checked.updaters().all().size() + " updaters)");
      return 0;
    }
  }

  @Command(name = "token", description = "Print a token signed with the config's first signing key (development).")
  static final class Token implements Callable<Integer> {
    @Option(names = "--sub", required = true, description = "Subject (the sub claim)")
    String subject;

    @Option(names = "--scope", defaultValue = "", description = "Space-separated scopes")
    String scope;

    @Option(names = "--ttl", defaultValue = "1h", description = "Lifetime, such as 30m or 1h")
    String ttl;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
      KckConfig loaded = config.load();
      Duration lifetime = Durations.parse(ttl);
      List<String> scopes = Arrays.stream(scope.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
      System.out.println(new TokenIssuer().issue(loaded.auth(), subject, scopes, lifetime, Clock.systemUTC()));
      return 0;
    }
  }
}
