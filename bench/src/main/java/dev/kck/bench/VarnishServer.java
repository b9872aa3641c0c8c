package dev.kck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Varnish cache (Debian's {@code varnish}, {@code varnishd} in the foreground) in front of the bare
 * server: the "Varnish cache hit" row, what a general-purpose HTTP cache on this machine serves a hit
 * at. Its work directory is bench/work/varnish; it runs as a {@link Child}, so the driver's shutdown
 * stops it with everything else (SIGTERM to the foreground manager stops its cache process too).
 */
final class VarnishServer {
  /**
   * The default VCL passes every request that carries Authorization (and the bench sends it on every
   * one), so nothing would be cached. This one hashes the URL and the Authorization header together
   * (a hit is served only to the caller whose request filled it) and keeps every 200 an hour, whatever
   * its Cache-Control says: the bench measures hits, not Varnish's freshness rules.
   */
  private static final String VCL = """
      vcl 4.1;

      backend bare {
        .host = "127.0.0.1";
        .port = "%d";
      }

      sub vcl_recv {
        if (req.method != "GET" && req.method != "HEAD") {
          return (pass);
        }
        return (hash);
      }

      sub vcl_hash {
        hash_data(req.url);
        hash_data(req.http.Authorization);
        return (lookup);
      }

      sub vcl_backend_response {
        if (beresp.status == 200) {
          set beresp.ttl = 1h;
          set beresp.grace = 0s;
          return (deliver);
        }
      }
      """;

  private VarnishServer() {}

  /** The varnishd binary, or null when Varnish is not installed (the row is then skipped with a note). */
  static Path binary() {
    for (String candidate : List.of("/usr/sbin/varnishd", "/usr/local/sbin/varnishd")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    return null;
  }

  /** Starts varnishd on {@code port} caching {@code backendPort}'s answers (64 MiB of malloc storage). */
  static Child start(Settings settings, Path varnishd, int port, int backendPort) throws IOException {
    Path dir = settings.work().resolve("varnish");
    Files.createDirectories(dir);
    Path vcl = dir.resolve("bench.vcl");
    Files.writeString(vcl, VCL.formatted(backendPort));
    List<String> command = List.of(varnishd.toString(), "-F", "-a", "127.0.0.1:" + port, "-f", vcl.toString(),
        "-s", "malloc,64m", "-n", dir.resolve("instance").toString(), "-T", "none");
    return Child.start("varnish", settings.work().resolve("logs/varnish.log"), command, Map.of());
  }

  static String note(Path varnishd) {
    return varnishd == null ? "n/a (varnishd is not installed: apt-get install -y varnish)"
        : "Varnish (`varnishd -s malloc,64m`) in front of bare: a VCL that caches requests with Authorization "
            + "(hashed on URL and Authorization; the default VCL passes them), every 200 kept 1 h";
  }
}
