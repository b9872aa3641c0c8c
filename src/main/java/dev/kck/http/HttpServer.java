package dev.kck.http;

import dev.kck.auth.Authenticator;
import dev.kck.cache.CacheStore;
import dev.kck.cache.Fetcher;
import dev.kck.config.KckConfig;
import dev.kck.kernel.KckException;
import dev.kck.product.ProductRegistry;
import dev.kck.refresh.AfterUpdate;
import dev.kck.refresh.ChangeFeed;
import dev.kck.refresh.RefreshPlanner;
import dev.kck.update.UpdateService;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The HTTP API on Javalin 7: routes, problem+json for every error, CORS, body limit, metrics. */
public final class HttpServer implements AutoCloseable {
  private static final java.util.List<String> ROUTES = java.util.List.of("/fetch/<key>", "/fetch", "/update/<name>",
      "/subscribe/<key>", "/cache/<key>", "/refresh/<key>", "/products", "/health/live", "/health/ready", "/metrics",
      "/openapi.json");
  private final Javalin javalin;

  /** What the routes need, wired by the composition root. */
  public record Parts(
      KckConfig.Server config,
      ProductRegistry registry,
      FetchService fetches,
      Authenticator authenticator,
      PrometheusMeterRegistry metrics,
      Map<String, Runnable> dependencies,
      BooleanSupplier started,
      Clock clock,
      Fetcher fetcher,
      CacheStore store,
      ChangeFeed feed,
      RefreshPlanner planner,
      UpdateService updates,
      AfterUpdate afterUpdate,
      ScheduledExecutorService scheduler) {}

  private HttpServer(Javalin javalin) {
    this.javalin = javalin;
  }

  public static HttpServer start(Parts parts) {
    Javalin javalin = Javalin.create(config -> configure(config, parts));
    javalin.start(parts.config().host(), parts.config().port());
    return new HttpServer(javalin);
  }

  public int port() {
    return javalin.port();
  }

  /** Stops accepting, lets in-flight requests finish, then stops. */
  @Override
  public void close() {
    javalin.stop();
  }

  private static void configure(JavalinConfig config, Parts parts) {
    config.startup.showJavalinBanner = false;
    config.http.maxRequestSize = parts.config().maxBody();
    config.http.generateEtags = false;
    config.http.prefer405over404 = true;
    config.router.ignoreTrailingSlashes = false;
    if (!parts.config().corsOrigins().isEmpty()) {
      Cors cors = new Cors(parts.config().corsOrigins());
      config.routes.before(cors::apply);
      ROUTES.forEach(path -> config.routes.options(path, ctx -> ctx.status(204)));
    }
    config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
    RequestMetrics requests = new RequestMetrics(parts.metrics());
    config.requestLogger.http(requests::record);
    routes(config, parts);
    errors(config);
  }

  // Keep ROUTES in step with these: CORS preflight answers on exactly those paths.
  private static void routes(JavalinConfig config, Parts parts) {
    JsonBodies bodies = new JsonBodies(parts.config().maxBody());
    readRoutes(config, parts, bodies);
    writeRoutes(config, parts, bodies);
    liveRoutes(config, parts);
  }

  private static void readRoutes(JavalinConfig config, Parts parts, JsonBodies bodies) {
    EntryResponses responses = new EntryResponses(parts.clock());
    FetchRoutes fetch = new FetchRoutes(parts.fetches(), parts.authenticator(), responses, bodies);
    ProductsRoute products = new ProductsRoute(parts.registry(), parts.authenticator());
    HealthRoutes health = new HealthRoutes(parts.dependencies(), parts.started());
    MetricsRoute metrics = new MetricsRoute(parts.metrics(), parts.authenticator(), parts.config().metricsScope());
    config.routes.get("/fetch/<key>", fetch::fetchByPath);
    config.routes.get("/fetch", fetch::fetchByQuery);
    config.routes.post("/fetch", fetch::fetchBatch);
    config.routes.get("/products", products::list);
    config.routes.get("/health/live", health::live);
    config.routes.get("/health/ready", health::ready);
    config.routes.get("/metrics", metrics::scrape);
    config.routes.get("/openapi.json", OpenApiRoute::serve);
  }

  private static void writeRoutes(JavalinConfig config, Parts parts, JsonBodies bodies) {
    UpdateRoute update = new UpdateRoute(parts.updates(), parts.afterUpdate(), parts.authenticator(), parts.store(), bodies);
    AdminRoutes admin = new AdminRoutes(parts.registry(), parts.authenticator(), parts.store(), parts.feed(),
        parts.planner());
    config.routes.post("/update/<name>", update::update);
    config.routes.delete("/cache/<key>", admin::invalidate);
    config.routes.post("/refresh/<key>", admin::refresh);
  }

  /** {@code /subscribe}: streams fed by the cluster's change notices, kept open by heartbeats. */
  private static void liveRoutes(JavalinConfig config, Parts parts) {
    Subscriptions subscriptions = new Subscriptions(parts.fetcher());
    parts.feed().onChange(subscriptions::changed);
    parts.scheduler().scheduleAtFixedRate(subscriptions::heartbeat, 15, 15, TimeUnit.SECONDS);
    SubscribeRoute subscribe = new SubscribeRoute(parts.fetches(), parts.authenticator(), subscriptions);
    config.routes.before("/subscribe/<key>", subscribe::check);
    config.routes.sse("/subscribe/<key>", subscribe::stream);
  }

  private static void errors(JavalinConfig config) {
    config.routes.exception(KckException.class, (e, ctx) -> Problems.write(ctx, e));
    config.routes.exception(HttpResponseException.class, (e, ctx) -> Problems.write(ctx, e));
    config.routes.exception(Exception.class, (e, ctx) -> Problems.writeUnexpected(ctx, e));
    config.routes.error(404, "*", ctx -> {
      if (!Problems.CONTENT_TYPE.equals(ctx.res().getContentType())) {
        Problems.write(ctx, Problem.of(404, "Not found", "not-found", "no such resource: " + ctx.path()));
      }
    });
    config.routes.error(405, "*", ctx -> Problems.write(ctx,
        Problem.of(405, "Method not allowed", "method-not-allowed", ctx.method().name() + " is not allowed on " + ctx.path())));
  }
}
