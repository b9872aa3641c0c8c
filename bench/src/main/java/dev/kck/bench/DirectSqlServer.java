package dev.kck.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a user writes without KCK: a minimal Javalin 7 + HikariCP service that runs a product's SQL on
 * every request. It reads the same product files KCK does ({@code sql}, {@code parameters},
 * {@code result}, the scope in {@code access}), binds the parameters, verifies the same JWT (HS256,
 * iss and aud {@code kck}, the scope) and writes the rows as JSON. No cache of any kind.
 *
 * <p>Arguments: port, JDBC URL, products folder, pool size. The HS256 secret comes from
 * {@code BENCH_JWT_SECRET}.
 */
public final class DirectSqlServer {
  private static final String PREFIX = "/fetch/";
  private static final Pattern NAMED = Pattern.compile("(?<![:\\w]):([a-z_][a-z0-9_]*)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HikariDataSource pool;
  private final Map<String, Product> products;
  private final JWTVerifier verifier;

  private DirectSqlServer(HikariDataSource pool, Map<String, Product> products, JWTVerifier verifier) {
    this.pool = pool;
    this.products = products;
    this.verifier = verifier;
  }

  /** One product file, its SQL turned into JDBC placeholders. */
  record Product(String sql, List<String> placeholders, Map<String, String> types, List<String> order,
      boolean list, String scope) {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(args[1]);
    hikari.setUsername("postgres");
    hikari.setMaximumPoolSize(Integer.parseInt(args[3]));
    DirectSqlServer server = new DirectSqlServer(new HikariDataSource(hikari), load(Path.of(args[2])),
        JWT.require(Algorithm.HMAC256(System.getenv("BENCH_JWT_SECRET"))).withIssuer("kck").withAudience("kck")
            .build());
    Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.routes.get("/health", ctx -> ctx.result("ok"));
      config.routes.get("/fetch/<key>", server::fetch);
    }).start("127.0.0.1", port);
  }

  private void fetch(Context ctx) throws SQLException, IOException {
    String[] segments = ctx.path().substring(PREFIX.length()).split("/");
    Product product = products.get(segments[0]);
    if (product == null || segments.length - 1 != product.order().size()) {
      ctx.status(404);
      return;
    }
    if (product.scope() != null && !authorised(ctx.header("Authorization"), product.scope())) {
      ctx.status(403);
      return;
    }
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < product.order().size(); i++) {
      values.put(product.order().get(i), URLDecoder.decode(segments[i + 1], StandardCharsets.UTF_8));
    }
    List<Map<String, Object>> rows = query(product, values);
    if (!product.list() && rows.isEmpty()) {
      ctx.status(404);
      return;
    }
    ctx.contentType("application/json; charset=utf-8");
    ctx.result(JSON.writeValueAsBytes(product.list() ? rows : rows.get(0)));
  }

  private boolean authorised(String header, String scope) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    try {
      DecodedJWT token = verifier.verify(header.substring("Bearer ".length()));
      String scopes = token.getClaim("scope").asString();
      return scopes != null && Arrays.asList(scopes.split(" ")).contains(scope);
    } catch (JWTVerificationException e) {
      return false;
    }
  }

  private List<Map<String, Object>> query(Product product, Map<String, String> values) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement statement = connection.prepareStatement(product.sql())) {
      for (int i = 0; i < product.placeholders().size(); i++) {
        String name = product.placeholders().get(i);
        String value = values.get(name);
        switch (product.types().get(name)) {
          case "int" -> statement.setInt(i + 1, Integer.parseInt(value));
          case "long" -> statement.setLong(i + 1, Long.parseLong(value));
          case "date" -> statement.setObject(i + 1, LocalDate.parse(value));
          default -> statement.setString(i + 1, value);
        }
      }
      try (ResultSet rs = statement.executeQuery()) {
        return rows(rs, product.list());
      }
    }
  }

  private static List<Map<String, Object>> rows(ResultSet rs, boolean all) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<Map<String, Object>> rows = new ArrayList<>();
    while (rs.next()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 1; c <= meta.getColumnCount(); c++) {
        Object value = rs.getObject(c);
        row.put(meta.getColumnLabel(c), value instanceof Number || value instanceof Boolean || value == null
            ? value : value.toString());
      }
      rows.add(row);
      if (!all) {
        break;
      }
    }
    return rows;
  }

  private static Map<String, Product> load(Path folder) throws IOException {
    Map<String, Product> products = new HashMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        JsonNode spec = new YAMLMapper().readTree(file.toFile());
        if (!spec.hasNonNull("sql")) {
          continue;
        }
        Map<String, String> types = new HashMap<>();
        List<String> order = new ArrayList<>();
        spec.path("parameters").forEach(p -> {
          types.put(p.get("name").asText(), p.path("type").asText("string"));
          order.add(p.get("name").asText());
        });
        List<String> placeholders = new ArrayList<>();
        Matcher matcher = NAMED.matcher(spec.get("sql").asText());
        StringBuilder sql = new StringBuilder();
        while (matcher.find()) {
          placeholders.add(matcher.group(1));
          matcher.appendReplacement(sql, "?");
        }
        matcher.appendTail(sql);
        JsonNode scopes = spec.path("access").path("scopes");
        String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        products.put(name, new Product(sql.toString(), placeholders, types, order,
            spec.path("result").asText().equals("list"), scopes.isArray() ? scopes.get(0).asText() : null));
      }
    }
    return products;
  }
}
