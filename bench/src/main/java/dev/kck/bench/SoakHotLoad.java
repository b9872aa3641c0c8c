package dev.kck.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The soak's hot fetches: one wrk per instance, each over half of BENCH_CONNECTIONS, rotating over
 * the soak's keys. A plain run of both at once finds the peak; the soak then paces both at 80% of it.
 * wrk's {@code delay()} is a pause after each response, not a rate, so short paced runs first
 * calibrate the pause against the response time they measure.
 */
final class SoakHotLoad {
  static final int PEAK_SECONDS = 15;
  static final int SETTLE_SECONDS = 70;
  static final double LOAD_FRACTION = 0.8;
  static final int CALIBRATION_SECONDS = 10;
  static final int CALIBRATION_PASSES = 2;

  /** The peak both instances served together, the target, and the pause per connection that meets it. */
  record Pacing(double peakRps, long peakErrors, double targetRps, int connections, long delayMillis) {}

  private final Settings settings;
  private final Wrk wrk;
  private final List<Wrk.Target> targets = new ArrayList<>();

  SoakHotLoad(Settings settings, List<KckInstance> instances, List<String> keys, String token) {
    this.settings = settings;
    this.wrk = new Wrk(settings);
    int connections = Math.max(1, settings.connections() / instances.size());
    int threads = Math.max(1, settings.wrkThreads() / instances.size());
    for (KckInstance kck : instances) {
      targets.add(new Wrk.Target("soak " + kck.name, kck.url(), keys, token, connections, threads));
    }
  }

  /**
   * A plain run past {@code fresh_for} (1m: the refreshes of keys primed a minute ago are over before
   * the peak is measured), the peak, then the calibrated pause.
   */
  Pacing settleAndPace() throws Exception {
    finish(startPaced(Math.max(settings.warmupSeconds(), SETTLE_SECONDS), 0));
    Map<String, Wrk.Result> peak = finish(startPaced(PEAK_SECONDS, 0));
    double peakRps = totalRps(peak);
    long peakErrors = peak.values().stream().mapToLong(r -> r.errors() + r.non2xx()).sum();
    double targetRps = peakRps * LOAD_FRACTION;
    long delay = calibratedDelay(targetRps);
    Log.progress("soak: peak %s req/s on both (%d errors or non-2xx); pacing %d connections at %d ms per request",
        Row.count(peakRps), peakErrors, connections(), delay);
    return new Pacing(peakRps, peakErrors, targetRps, connections(), delay);
  }

  /** Starts one wrk per instance ({@code delayMillis} 0: unpaced). */
  List<Process> startPaced(int seconds, long delayMillis) throws IOException {
    List<Process> processes = new ArrayList<>();
    for (Wrk.Target target : targets) {
      processes.add(wrk.start(target, seconds, delayMillis));
    }
    return processes;
  }

  /** Waits for the runs of {@link #startPaced}, by instance target name. */
  Map<String, Wrk.Result> finish(List<Process> processes) throws IOException, InterruptedException {
    Map<String, Wrk.Result> results = new LinkedHashMap<>();
    for (int i = 0; i < processes.size(); i++) {
      results.put(targets.get(i).name().substring("soak ".length()), wrk.finish(processes.get(i)));
    }
    return results;
  }

  int connections() {
    return targets.stream().mapToInt(Wrk.Target::connections).sum();
  }

  static double totalRps(Map<String, Wrk.Result> results) {
    return results.values().stream().mapToDouble(Wrk.Result::rps).sum();
  }

  /**
   * Each connection's cycle is the pause plus the response time: a paced run with the naive pause
   * measures that response time (at nearly the target load), and the pause is shortened by it.
   */
  private long calibratedDelay(double targetRps) throws Exception {
    int connections = connections();
    double cycleMillis = connections * 1000.0 / targetRps;
    long pause = Math.max(1, Math.round(cycleMillis));
    // Twice: the response time measured at the naive pause's lower rate is shorter than at the target's.
    for (int pass = 0; pass < CALIBRATION_PASSES; pass++) {
      double achieved = totalRps(finish(startPaced(CALIBRATION_SECONDS, pause)));
      double responseMillis = Math.max(0, connections * 1000.0 / achieved - pause);
      long next = Math.max(1, Math.round(cycleMillis - responseMillis));
      Log.progress("soak: pause %d ms gave %s req/s (target %s): %.1f ms per response; pause now %d ms", pause,
          Row.count(achieved), Row.count(targetRps), responseMillis, next);
      pause = next;
    }
    return pause;
  }
}
