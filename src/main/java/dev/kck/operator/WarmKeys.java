package dev.kck.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.kernel.Json;
import dev.kck.kernel.KckException;
import dev.kck.product.Parameter;
import dev.kck.product.ParameterRows;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The keys of a product to warm ({@code kck warm}): one per parameter row, from the product's
 * {@code on_boot_sql} or from a file of rows (a JSON array of objects, or JSON lines, one object a
 * line), each row naming every parameter. Every row is checked before any key is returned, so a
 * bad file queues nothing; duplicates count once.
 */
public final class WarmKeys {
  private static final int MAX_PROBLEMS_LISTED = 20;

  private WarmKeys() {}

  /** The keys the rows of the product's {@code on_boot_sql} name (its columns named as the parameters). */
  public static List<String> fromSql(ProductSpec spec, DataSource source) {
    requireOnBootSql(spec);
    Set<String> keys = new LinkedHashSet<>();
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(spec.onBootSql())) {
      while (rows.next()) {
        List<String> texts = new ArrayList<>();
        for (Parameter parameter : spec.parameters()) {
          texts.add(rows.getString(parameter.name()));
        }
        keys.add(ProductRegistry.key(spec, texts).text());
      }
    } catch (SQLException e) {
      throw new KckException.Unavailable("on_boot_sql of " + spec.name() + " failed: " + e.getMessage(), Duration.ZERO, e);
    }
    return List.copyOf(keys);
  }

  /** @throws IllegalArgumentException when the product has no on_boot_sql to take keys from */
  public static void requireOnBootSql(ProductSpec spec) {
    if (spec.onBootSql() == null) {
      throw new IllegalArgumentException("product '" + spec.name() + "' has no on_boot_sql; use --rows FILE");
    }
  }

  /**
   * The keys the file's rows name.
   *
   * @throws IllegalArgumentException listing the bad rows ({@code FILE: row N: ...})
   */
  public static List<String> fromRows(ProductSpec spec, Path file) {
    Set<String> keys = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    int bad = 0;
    for (Row row : readRows(file)) {
      try {
        keys.add(ParameterRows.keyOf(spec, row.json()).text());
      } catch (KckException.BadRequest e) {
        bad++;
        if (problems.size() < MAX_PROBLEMS_LISTED) {
          problems.add(file + ": " + row.where() + ": " + e.getMessage());
        }
      }
    }
    if (bad > 0) {
      throw new IllegalArgumentException(bad + " bad row(s); nothing was queued:\n  " + String.join("\n  ", problems));
    }
    return List.copyOf(keys);
  }

  /** A row and where it is in the file ("row 3" of an array, "line 3" of JSON lines). */
  private record Row(String where, JsonNode json) {}

  /** The rows of a JSON array, or of JSON lines (blank lines skipped). */
  private static List<Row> readRows(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + CacheLoad.describe(e), e);
    }
    try {
      if (text.stripLeading().startsWith("[")) {
        List<Row> rows = new ArrayList<>();
        Json.MAPPER.readTree(text).forEach(json -> rows.add(new Row("row " + (rows.size() + 1), json)));
        return rows;
      }
      return jsonLines(file, text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + " is not a JSON array of rows: " + e.getOriginalMessage());
    }
  }

  private static List<Row> jsonLines(Path file, String text) {
    List<Row> rows = new ArrayList<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        rows.add(new Row("line " + (i + 1), Json.MAPPER.readTree(lines[i])));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": not valid JSON: " + e.getOriginalMessage());
      }
    }
    return rows;
  }
}
