package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.kck.testing.DemoDatabase;
import dev.kck.testing.RunningApp;
import dev.kck.testing.TestConfigs;
import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's files at {@code /admin/}, as console/README.md says the server must serve them:
 * the redirect, the page revalidated every time, hashed assets cached for a year, the CSP, no
 * token needed for the files, and the API routes under /admin/ not shadowed by them.
 */
class ConsoleIT {
  private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
      + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
  private static RunningApp kck;

  @BeforeAll
  static void start() {
    kck = RunningApp.start(TestConfigs.demo(DemoDatabase.newCopy(), "memory"));
  }

  @AfterAll
  static void stop() {
    kck.close();
  }

  @Test
  void admin_without_a_slash_redirects_permanently_to_the_page() {
    kck.request().redirects().follow(false).get("/admin").then().statusCode(308).header("Location", "admin/");
  }

  @Test
  void the_page_is_served_without_a_token_revalidated_every_time_under_the_csp() {
    kck.request().get("/admin/").then().statusCode(200)
        .contentType("text/html")
        .header("Cache-Control", "no-cache")
        .header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff")
        .body(containsString("<div id=\"root\">"))
        .body(containsString("<meta name=\"referrer\" content=\"no-referrer\""));
  }

  @Test
  void every_asset_the_page_names_is_served_immutable_with_its_type() {
    String page = kck.request().get("/admin/").asString();
    Matcher assets = Pattern.compile("\\./assets/([A-Za-z0-9._-]+)").matcher(page);
    int found = 0;
    while (assets.find()) {
      found++;
      String name = assets.group(1);
      Response asset = kck.request().get("/admin/assets/" + name);
      asset.then().statusCode(200).header("Cache-Control", "public, max-age=31536000, immutable")
          .header("Content-Type", name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
      assertThat(asset.asByteArray()).isNotEmpty();
    }
    assertThat(found).as("assets named by index.html").isGreaterThanOrEqualTo(2);
  }

  @Test
  void unknown_assets_and_path_tricks_are_404_problems() {
    for (String path : new String[] {"/admin/assets/nope.js", "/admin/assets/..%2Findex.html",
        "/admin/assets/%2e%2e%2F%2e%2e%2Fopenapi.json", "/admin/assets/index.html", "/admin/index.html"}) {
      kck.request().get(path).then().statusCode(404).contentType("application/problem+json");
    }
  }

  @Test
  void the_api_routes_under_admin_keep_their_token() {
    kck.request().get("/admin/products").then().statusCode(401).contentType("application/problem+json");
    kck.request().get("/admin/queue").then().statusCode(401).body("status", equalTo(401));
  }

  @Test
  void the_openapi_document_describes_every_admin_route() {
    kck.request().get("/openapi.json").then().statusCode(200)
        .body("paths.'/admin/products'.get.responses.'200'", org.hamcrest.Matchers.notNullValue())
        .body("paths.'/admin/keys'.get.parameters.name", org.hamcrest.Matchers.contains("product", "limit", "after"))
        .body("paths.'/admin/keys/{key}'.get.responses.'404'", org.hamcrest.Matchers.notNullValue())
        .body("paths.'/admin/queue'.get.responses.'200'", org.hamcrest.Matchers.notNullValue())
        .body("paths.'/admin/instances'.get.responses.'200'", org.hamcrest.Matchers.notNullValue())
        .body("paths.'/admin/warm/{product}'.post.responses.'202'", org.hamcrest.Matchers.notNullValue())
        .body("components.schemas.KeyDetail.required", org.hamcrest.Matchers.hasItems("depends_on", "dependents"));
  }
}
