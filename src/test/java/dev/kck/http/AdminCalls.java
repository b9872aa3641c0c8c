package dev.kck.http;

import static org.hamcrest.Matchers.equalTo;

import dev.kck.testing.RunningApp;
import io.restassured.specification.RequestSpecification;

/** What every admin route's test checks first: no token is 401, a token without {@code kck:admin} is 403. */
final class AdminCalls {
  static final String SCOPE = "kck:admin";

  private AdminCalls() {}

  static RequestSpecification admin(RunningApp app) {
    return app.as("ops", SCOPE);
  }

  static void refuseWithoutTokenOrScope(RunningApp app, String method, String path) {
    app.request().request(method, path).then().statusCode(401).contentType("application/problem+json")
        .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer")).body("status", equalTo(401));
    app.as("alice", "sales:read sales:write").request(method, path).then().statusCode(403)
        .contentType("application/problem+json").body("status", equalTo(403));
  }
}
