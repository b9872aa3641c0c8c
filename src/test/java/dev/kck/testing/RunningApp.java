package dev.kck.testing;

import dev.kck.App;
import dev.kck.config.KckConfig;
import io.restassured.RestAssured;
import java.time.Clock;
import io.restassured.specification.RequestSpecification;

/** A real KCK instance on a free port, built exactly as {@code main} builds it. */
public final class RunningApp implements AutoCloseable {
  private final App app;

  private RunningApp(App app) {
    this.app = app;
  }

  public static RunningApp start(KckConfig config) {
    return new RunningApp(App.start(config));
  }

  /** An instance whose sense of time is {@code clock} (a {@link MutableClock} lets a test move it). */
  public static RunningApp start(KckConfig config, Clock clock) {
    return new RunningApp(App.start(config, clock));
  }

  /** A demo app over a fresh copy of the demo database, caching in the given backend. */
  public static RunningApp demo(String backend) {
    return start(TestConfigs.demo(DemoDatabase.newCopy(), backend));
  }

  public int port() {
    return app.port();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + app.port();
  }

  /** A REST Assured request aimed at this instance. */
  public RequestSpecification request() {
    return RestAssured.given().baseUri("http://127.0.0.1").port(app.port()).urlEncodingEnabled(false);
  }

  /** A request with a valid bearer token for the subject and scopes. */
  public RequestSpecification as(String subject, String scopes) {
    return request().header("Authorization", Tokens.bearer(Tokens.of(subject, scopes)));
  }

  public App app() {
    return app;
  }

  @Override
  public void close() {
    app.close();
  }
}
