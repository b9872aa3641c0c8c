package dev.kck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The machine's HTTP ceiling on this stack: a raw Jetty 12 handler (no servlet layer, no Javalin)
 * answering {@code GET /fetch/<key>} with the same prepared bytes as {@link BareServer}: KCK's body
 * and caching headers for the key, as pre-encoded fields. Arguments: port and the responses file.
 */
public final class RawJettyServer {
  private static final String PREFIX = "/fetch/";

  private record Prepared(ByteBuffer body, List<HttpField> headers) {}

  private RawJettyServer() {}

  public static void main(String[] args) throws Exception {
    Map<String, Prepared> responses = load(Path.of(args[1]));
    Server server = new Server();
    // One selector per core, as KCK's connector has (JettyLimits): the same connector, so the two
    // differ only in what the handler does.
    ServerConnector connector = new ServerConnector(server, -1, Runtime.getRuntime().availableProcessors());
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[0]));
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        Prepared prepared = path.startsWith(PREFIX) ? responses.get(path.substring(PREFIX.length())) : null;
        if (prepared == null) {
          response.setStatus(path.equals("/health") ? 200 : 404);
          callback.succeeded();
          return true;
        }
        response.setStatus(200);
        prepared.headers().forEach(response.getHeaders()::add);
        response.write(true, prepared.body().slice(), callback);
        return true;
      }
    });
    server.start();
  }

  private static Map<String, Prepared> load(Path file) throws java.io.IOException {
    JsonNode all = new ObjectMapper().readTree(file.toFile());
    Map<String, Prepared> responses = new HashMap<>();
    all.fields().forEachRemaining(entry -> {
      List<HttpField> headers = new ArrayList<>();
      entry.getValue().path("headers").fields()
          .forEachRemaining(h -> headers.add(new PreEncodedHttpField(h.getKey(), h.getValue().asText())));
      headers.add(new PreEncodedHttpField("Content-Type", "application/json;charset=utf-8"));
      byte[] body = entry.getValue().path("body").asText().getBytes(StandardCharsets.UTF_8);
      responses.put(entry.getKey(), new Prepared(ByteBuffer.wrap(body).asReadOnlyBuffer(), headers));
    });
    return responses;
  }
}
