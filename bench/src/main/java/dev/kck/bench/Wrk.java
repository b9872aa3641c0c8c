package dev.kck.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs wrk against one target with a Lua script that rotates over a key set (each thread from its own
 * offset), sends the Authorization header, and prints the totals and latency percentiles from
 * {@code latency:percentile(...)} in one parseable line.
 */
final class Wrk {
  /** One wrk run: totals and latency percentiles in microseconds. */
  record Result(long requests, double seconds, long errors, long non2xx, double p50, double p99, double p999,
      double max) {
    double rps() {
      return requests / seconds;
    }
  }

  /** What one row loads: where, which keys, with what token, over how many connections and wrk threads. */
  record Target(String name, String baseUrl, List<String> keys, String token, int connections, int threads) {}

  private static final String SCRIPT = """
      local keys = { %s }
      local count = #keys
      local headers = { ["Authorization"] = "Bearer %s" }
      local started = 0

      -- setup runs in the main Lua state once per thread: start each thread at its own place
      setup = function(thread)
        thread:set("i", (started * 7919) %% count)
        started = started + 1
      end

      i = 0
      request = function()
        i = (i + 1) %% count
        return wrk.format("GET", "/fetch/" .. keys[i + 1], headers)
      end

      done = function(summary, latency, requests)
        local e = summary.errors
        io.write(string.format(
          "WRK requests=%%d duration_us=%%d connect=%%d read=%%d write=%%d status=%%d timeout=%%d p50=%%.0f p99=%%.0f p999=%%.0f max=%%.0f\\n",
          summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
          latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
      end
      """;

  private final Settings settings;

  Wrk(Settings settings) {
    this.settings = settings;
  }

  Result run(Target target, int seconds) throws IOException, InterruptedException {
    return finish(start(target, seconds, 0));
  }

  /**
   * Starts wrk and returns at once, so the caller can sample the server while it runs. With
   * {@code delayMillis > 0} each connection waits that long after every response before sending its next
   * request (wrk's {@code delay()} hook, whole milliseconds): a paced load instead of a saturating one.
   */
  Process start(Target target, int seconds, long delayMillis) throws IOException {
    String keys = target.keys().stream().map(key -> "\"" + key + "\"").collect(Collectors.joining(", "));
    String pacing = delayMillis > 0 ? "delay = function() return " + delayMillis + " end\n" : "";
    return start(target, SCRIPT.formatted(keys, target.token()) + pacing, seconds);
  }

  /**
   * Starts wrk with a script of the caller's (which must print the same WRK line from its done hook);
   * the target's key list is not used.
   */
  Process start(Target target, String lua, int seconds) throws IOException {
    Path script = settings.work().resolve("wrk/" + target.name().replaceAll("[^a-zA-Z0-9]+", "-") + ".lua");
    Files.createDirectories(script.getParent());
    Files.writeString(script, lua);
    int threads = Math.min(target.threads(), target.connections());
    return new ProcessBuilder("wrk", "-t" + threads, "-c" + target.connections(), "-d" + seconds + "s",
        "--timeout", "30s", "--latency", "-s", script.toString(), target.baseUrl())
        .redirectErrorStream(true).start();
  }

  /** The done hook of {@link #SCRIPT}, for scripts of other shapes. */
  static String doneHook() {
    return SCRIPT.substring(SCRIPT.indexOf("done = function")).replace("%%", "%");
  }

  /** Waits for a run from {@link #start} to end and reads its summary line. */
  Result finish(Process process) throws IOException, InterruptedException {
    // wrk writes only a few lines (at its start and its end), so the pipe cannot fill while it runs.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    return parse(output);
  }

  private static Result parse(String output) {
    String line = output.lines().filter(l -> l.startsWith("WRK ")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no WRK line in wrk's output:\n" + output));
    Map<String, Double> values = new HashMap<>();
    for (String pair : line.substring(4).trim().split(" ")) {
      String[] kv = pair.split("=");
      values.put(kv[0], Double.parseDouble(kv[1]));
    }
    long errors = (long) (values.get("connect") + values.get("read") + values.get("write") + values.get("timeout"));
    return new Result(values.get("requests").longValue(), values.get("duration_us") / 1e6, errors,
        values.get("status").longValue(), values.get("p50"), values.get("p99"), values.get("p999"), values.get("max"));
  }
}
