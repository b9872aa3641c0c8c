package dev.kck.definition;

import dev.kck.product.ProductSpec;
import dev.kck.product.ResultMode;
import dev.kck.product.SqlTemplate;
import dev.kck.product.Webhook;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A product defined by a YAML file: its spec, and the SQL template its primer runs.
 *
 * @param spec name, parameters and policy
 * @param sql the SQL text with named {@code :parameters}, as written (parse it with {@link SqlTemplate#parse})
 * @param result how rows become the value
 * @param file the YAML file it came from, for messages
 * @param webhooks where its new versions are sent
 */
public record ProductFile(ProductSpec spec, String sql, ResultMode result, Path file, List<Webhook> webhooks) {
  public ProductFile {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(file, "file");
    webhooks = List.copyOf(webhooks);
  }
}
