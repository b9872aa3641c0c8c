package dev.kck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the time goes (BENCH_PROFILE_SECONDS, default 15; 0 skips): after the rounds, each profiled
 * target runs once more under wrk while JFR samples its server's CPU (started and stopped with jcmd on
 * the running JVM, settings=profile) and /proc counts the CPU each process took. The recordings stay
 * in bench/work/profiles for JDK Mission Control or {@code jfr print}.
 */
final class Profiles {
  /** A wrk target and the JVM that serves it. */
  record Profiled(Wrk.Target target, long serverPid) {}

  private final Settings settings;
  private final Wrk wrk;

  Profiles(Settings settings) {
    this.settings = settings;
    this.wrk = new Wrk(settings);
  }

  String markdown(List<Profiled> profiled) throws Exception {
    StringBuilder out = new StringBuilder("\n## Profiles\n\n");
    out.append(String.format(Locale.ROOT, "Each target once more for %d s after the rounds, with JFR on its server "
        + "(`jcmd <pid> JFR.start settings=profile`, stack depth 256) and the CPU of every process read from /proc "
        + "before and after. CPU shares are of the whole machine (%d cores).%n%n", settings.profileSeconds(),
        Runtime.getRuntime().availableProcessors()));
    for (Profiled one : profiled) {
      out.append(profile(one)).append('\n');
    }
    return out.toString();
  }

  private String profile(Profiled profiled) throws Exception {
    Wrk.Target target = profiled.target();
    long pid = profiled.serverPid();
    Path recording = settings.work().resolve("profiles/" + target.name().replaceAll("[^a-zA-Z0-9]+", "-") + ".jfr");
    Files.createDirectories(recording.getParent());
    Files.deleteIfExists(recording);
    Log.progress("profile: %s (pid %d) for %d s", target.name(), pid, settings.profileSeconds());
    Jcmd.run(pid, "JFR.configure", "stackdepth=256");
    Jcmd.run(pid, "JFR.start", "name=bench", "settings=profile", "filename=" + recording);
    CpuTicks before = CpuTicks.now(pid);
    Wrk.Result result = wrk.run(target, settings.profileSeconds());
    CpuTicks after = CpuTicks.now(pid);
    Jcmd.run(pid, "JFR.stop", "name=bench");
    JfrSummary jfr = JfrSummary.of(recording);
    return String.format(Locale.ROOT, """
        ### %s: %s req/s, p99 %s (%d connections)

        - CPU: %s.
        - %d CPU samples of the server; on CPU by library: %s.
        - Methods on CPU: %s.
        - KCK methods the samples fell under: %s.
        """, target.name(), Row.count(result.rps()), Row.ms(result.p99() / 1000), target.connections(),
        after.sharesSince(before, result.seconds()), jfr.samples(), jfr.shares(jfr.byLibrary(), 8),
        jfr.shares(jfr.topMethods(), 8), jfr.underKck().isEmpty() ? "none (not KCK)" : jfr.shares(jfr.underKck(), 8));
  }
}
