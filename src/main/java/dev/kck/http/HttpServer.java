package dev.kck.http;

import dev.kck.auth.Authenticator;
import dev.kck.config.KckConfig;
import dev.kck.kernel.KckException;
import dev.kck.live.LimitReached;
import dev.kck.live.Subscriptions;
import dev.kck.product.ProductRegistry;
import dev.kck.service.AdminInsight;
import dev.kck.service.AdminService;
import dev.kck.service.FetchService;
import dev.kck.service.Health;
import dev.kck.service.UpdateService;
import dev.kck.service.Warming;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The HTTP API on Javalin 7: routes, problem+json for every error, CORS, body limit, metrics, and
 * the limits on what one client may cost (idle and slow connections, header size, request rate).
 */
public final class HttpServer implements AutoCloseable {
  private final Javalin javalin;

  /**
   * What the routes call: one facade per use case, plus what renders and guards them.
   *
   * @param insight what the admin API and the console read
   * @param warming queues a product's keys
   * @param products the definitions {@code GET /products} lists
   * @param authenticator turns the Authorization header into the caller
   * @param subscriptions the open {@code /subscribe} streams
   * @param metrics what {@code GET /metrics} exports; request timings are recorded in it
   * @param clock the time caching headers are computed against
   */
  public record Api(
      FetchService fetches,
      UpdateService updates,
      AdminService admin,
      AdminInsight insight,
      Warming warming,
      Health health,
      ProductRegistry products,
      Authenticator authenticator,
      Subscriptions subscriptions,
      PrometheusMeterRegistry metrics,
      Clock clock) {}

  private HttpServer(Javalin javalin) {
    this.javalin = javalin;
  }

  public static HttpServer start(KckConfig.Server config, Api api) {
    Javalin javalin = Javalin.create(javalinConfig -> configure(javalinConfig, config, api));
    javalin.start(config.host(), config.port());
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

  private static void configure(JavalinConfig javalin, KckConfig.Server config, Api api) {
    javalin.startup.showJavalinBanner = false;
    javalin.http.maxRequestSize = config.maxBody();
    javalin.http.generateEtags = false;
    javalin.http.prefer405over404 = true;
    javalin.router.ignoreTrailingSlashes = false;
    RequestMetrics requests = new RequestMetrics(api.metrics());
    JettyLimits.apply(javalin, config, hotPath(config, api, requests));
    List<String> paths = routes(javalin, config, api);
    if (!config.corsOrigins().isEmpty()) {
      Cors cors = new Cors(config.corsOrigins());
      javalin.routes.before(cors::apply);
      paths.forEach(path -> javalin.routes.options(path, ctx -> ctx.status(204)));
    }
    guards(javalin, config, api); // after CORS, so that a refusal carries its headers
    javalin.jetty.modifyServer(server -> {
      server.setErrorHandler(new ProblemErrorHandler());
      // On stop, requests in flight get up to shutdown_grace to finish; new connections are refused.
      server.insertHandler(new GracefulHandler());
      server.setStopTimeout(config.shutdownGrace().toMillis());
    });
    javalin.requestLogger.http(requests::record);
    errors(javalin);
  }

  /** The entrance for plain L1 hits ({@link HotFetch}); none with a rate limit, a Javalin guard. */
  private static HotFetch hotPath(KckConfig.Server config, Api api, RequestMetrics requests) {
    return config.limits().rateLimit().enabled() ? null
        : new HotFetch(api.fetches(), api.authenticator(), api.clock(), !config.corsOrigins().isEmpty(), requests);
  }

  /** The rate limit (when set) and the admin routes' guard, before any route does work. */
  private static void guards(JavalinConfig javalin, KckConfig.Server config, Api api) {
    if (config.limits().rateLimit().enabled()) {
      RateLimiter limiter = new RateLimiter(config.limits().rateLimit(), api.clock());
      javalin.routes.before(new RateLimitGuard(limiter, api.authenticator())::check);
    }
    AdminGuard.install(javalin, api.authenticator());
  }

  /** Registers every route; returns their paths (CORS preflight answers on exactly those). */
  private static List<String> routes(JavalinConfig javalin, KckConfig.Server config, Api api) {
    JsonBodies bodies = new JsonBodies(config.maxBody());
    EntryResponses entries = new EntryResponses(api.clock());
    HeldFetches held = new HeldFetches(api.fetches(), api.subscriptions(), entries, api.clock());
    FetchRoutes fetch = new FetchRoutes(api.fetches(), api.authenticator(), entries, held);
    BatchFetches batch = new BatchFetches(api.fetches(), api.authenticator(), bodies, api.subscriptions());
    ProductsRoute products = new ProductsRoute(api.products(), api.authenticator());
    HealthRoutes health = new HealthRoutes(api.health());
    MetricsRoute metrics = new MetricsRoute(api.metrics(), api.authenticator(), config.metricsScope());
    UpdateRoute update = new UpdateRoute(api.updates(), api.authenticator(), bodies);
    AdminRoutes admin = new AdminRoutes(api.admin(), api.authenticator());
    SubscribeRoute subscribe = new SubscribeRoute(api.fetches(), api.authenticator(), api.subscriptions());
    Paths paths = new Paths(javalin);
    paths.get("/fetch/<key>", fetch::fetchByPath);
    paths.head("/fetch/<key>", fetch::fetchByPath);
    paths.get("/fetch", fetch::fetchByQuery);
    paths.head("/fetch", fetch::fetchByQuery);
    paths.post("/fetch", batch::fetch);
    paths.post("/update/<name>", update::update);
    paths.get("/subscribe/<key>", subscribe::streamOne);
    paths.get("/subscribe", subscribe::streamMany);
    paths.delete("/cache/<key>", admin::invalidate);
    paths.post("/refresh/<key>", admin::refresh);
    paths.get("/products", products::list);
    paths.get("/health/live", health::live);
    paths.get("/health/ready", health::ready);
    paths.get("/metrics", metrics::scrape);
    paths.get("/openapi.json", OpenApiRoute::serve);
    adminApi(paths, new AdminApiRoutes(api.insight(), api.warming(), api.authenticator(), bodies));
    return paths.all();
  }

  /** The admin API and the console's files, under /admin; the files never shadow the API's paths. */
  private static void adminApi(Paths paths, AdminApiRoutes admin) {
    paths.get("/admin/products", admin::products);
    paths.get("/admin/keys", admin::keys);
    paths.get("/admin/keys/<key>", admin::key);
    paths.get("/admin/queue", admin::queue);
    paths.get("/admin/instances", admin::instances);
    paths.post("/admin/warm/<product>", admin::warm);
    ConsoleRoutes console = new ConsoleRoutes();
    paths.get("/admin", console::redirect);
    paths.get("/admin/", console::page);
    paths.get("/admin/assets/<file>", console::asset);
  }

  /** Registers routes and remembers their paths. */
  private static final class Paths {
    private final JavalinConfig javalin;
    private final Set<String> all = new LinkedHashSet<>();

    Paths(JavalinConfig javalin) {
      this.javalin = javalin;
    }

    void get(String path, Handler handler) {
      all.add(path);
      javalin.routes.get(path, handler);
    }

    void head(String path, Handler handler) {
      all.add(path);
      javalin.routes.head(path, handler);
    }

    void post(String path, Handler handler) {
      all.add(path);
      javalin.routes.post(path, handler);
    }

    void delete(String path, Handler handler) {
      all.add(path);
      javalin.routes.delete(path, handler);
    }

    List<String> all() {
      return List.copyOf(all);
    }
  }

  private static void errors(JavalinConfig javalin) {
    javalin.routes.exception(KckException.class, (e, ctx) -> Problems.write(ctx, e));
    javalin.routes.exception(LimitReached.class, (e, ctx) -> Problems.write(ctx, e));
    javalin.routes.exception(HttpResponseException.class, (e, ctx) -> Problems.write(ctx, e));
    javalin.routes.exception(Exception.class, (e, ctx) -> Problems.writeUnexpected(ctx, e));
    javalin.routes.error(404, "*", ctx -> {
      if (!Problems.CONTENT_TYPE.equals(ctx.res().getContentType())) {
        Problems.write(ctx, Problem.of(404, "Not found", "not-found", "no such resource: " + ctx.path()));
      }
    });
    javalin.routes.error(405, "*", ctx -> Problems.write(ctx,
        Problem.of(405, "Method not allowed", "method-not-allowed", ctx.method().name() + " is not allowed on " + ctx.path())));
  }
}
