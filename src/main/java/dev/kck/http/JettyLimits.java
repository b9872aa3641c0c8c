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
 * (below: 408, connection closed), and bodies read without a thread ({@link BodyPrefetch}); inside
 * them an optional front handler (the {@link HotFetch} entrance), then Javalin's.
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
      ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
      connector.setHost(server.host());
      connector.setPort(server.port());
      connector.setIdleTimeout(idleMillis);
      return connector;
    });
    // Javalin puts its own handler inside the innermost wrapper set here.
    Handler.Wrapper prefetch = new BodyPrefetch(server.maxBody());
    if (front != null) {
      prefetch.setHandler(front); // innermost, so Javalin's handler goes inside it
    }
    Handler.Wrapper outer = limits.minRequestRate() > 0
        ? new MinimumDataRateHandler(prefetch, limits.minRequestRate(), 0)
        : prefetch;
    javalin.jetty.modifyServer(jetty -> jetty.setHandler(outer));
  }
}
