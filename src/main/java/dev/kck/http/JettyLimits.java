package dev.kck.http;

import dev.kck.config.KckConfig;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;

/**
 * What a slow or oversized client may cost, set on Jetty: the connector's idle timeout (a connection
 * silent that long is closed, before, between and during requests), the request header size (beyond:
 * 431, a problem document from {@link ProblemErrorHandler}), the minimum rate a body must arrive at
 * (below: 408, connection closed), and bodies read without a thread ({@link BodyPrefetch}), then
 * Javalin's handler; in front of them an optional handler for requests without a body (the {@link
 * HotFetch} entrance), which passes everything else on to them.
 */
final class JettyLimits {
  private JettyLimits() {}

  static void apply(JavalinConfig javalin, KckConfig.Server server, Handler.Wrapper front) {
    KckConfig.Limits limits = server.limits();
    long idleMillis = limits.idleTimeout().toMillis();
    javalin.jetty.modifyHttpConfiguration(http -> {
      http.setRequestHeaderSize(limits.maxHeaderSize());
      http.setIdleTimeout(idleMillis);
      http.setSendServerVersion(false);
    });
    javalin.jetty.addConnector((jetty, http) -> {
      // One selector per core: the hot path answers on the selector threads (HotFetch is
      // non-blocking), and Jetty's default of half the cores would leave the others to Javalin only.
      int selectors = Runtime.getRuntime().availableProcessors();
      ServerConnector connector = new ServerConnector(jetty, -1, selectors, new HttpConnectionFactory(http));
      connector.setHost(server.host());
      connector.setPort(server.port());
      connector.setIdleTimeout(idleMillis);
      return connector;
    });
    // Javalin puts its own handler inside the innermost wrapper set here (BodyPrefetch).
    Handler.Wrapper prefetch = new BodyPrefetch(server.maxBody());
    Handler.Wrapper limited = limits.minRequestRate() > 0
        ? new MinimumDataRateHandler(prefetch, limits.minRequestRate(), 0)
        : prefetch;
    // The front handler goes outside both: it answers only requests without a body, to which
    // neither does anything, and the minimum-rate handler's request and response wrappers (with
    // their event callbacks on every write) were a quarter of a hot answer's samples.
    if (front != null) {
      front.setHandler(limited);
    }
    Handler.Wrapper outer = front == null ? limited : front;
    javalin.jetty.modifyServer(jetty -> jetty.setHandler(outer));
  }
}
