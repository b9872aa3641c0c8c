package dev.kck.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KCK's responses for the light keys, captured for the bare route to send back: the body and the
 * caching headers of an L1 hit (each key fetched twice, so the second answer is the hit).
 */
final class BareResponses {
  /** The headers KCK adds to a hit beyond the content type. */
  static final List<String> HEADERS = List.of("ETag", "Last-Modified", "Cache-Control", "Cache-Status", "Age");

  private final Map<String, Map<String, Object>> responses = new LinkedHashMap<>();

  static BareResponses capture(Http http, KckInstance kck, List<String> keys, String token) {
    BareResponses captured = new BareResponses();
    for (String key : keys) {
      String url = kck.url() + "/fetch/" + key;
      Freshness.expect(http.get(url, token), 200, url);
      Http.Response hit = Freshness.expect(http.get(url, token), 200, url);
      Map<String, String> headers = new LinkedHashMap<>();
      HEADERS.forEach(name -> headers.put(name, hit.header(name)));
      captured.responses.put(key, Map.of("body", hit.body(), "headers", headers));
    }
    return captured;
  }

  String body(String key) {
    return (String) responses.get(key).get("body");
  }

  Path write(Path file) throws IOException {
    new ObjectMapper().writeValue(file.toFile(), responses);
    return file;
  }
}
