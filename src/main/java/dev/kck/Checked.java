package dev.kck;

import dev.kck.config.ConfigException;
import dev.kck.config.ConfigProblem;
import dev.kck.config.KckConfig;
import dev.kck.config.ProductFiles;
import dev.kck.config.UpdaterFiles;
import dev.kck.product.Primer;
import dev.kck.product.PrimerLoader;
import dev.kck.product.ProductRegistry;
import dev.kck.update.UpdaterSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A configuration with its products and updaters loaded and cross-checked: what {@code check}
 * validates and what {@code serve} starts from. Every problem found is reported at once.
 */
public record Checked(KckConfig config, ProductRegistry registry, List<UpdaterSpec> updaters) {

  public static Checked load(KckConfig config) {
    List<ConfigProblem> problems = new ArrayList<>();
    List<Primer> primers = List.of();
    List<UpdaterSpec> updaters = List.of();
    try {
      primers = PrimerLoader.load(ProductFiles.load(config.products()), config.plugins(), Json.MAPPER);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    try {
      updaters = UpdaterFiles.load(config.updaters());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    ProductRegistry registry = null;
    try {
      registry = new ProductRegistry(primers);
      problems.addAll(TemplateChecks.check(registry, updaters));
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigProblem(config.products().toString(), "name", 0, e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Checked(config, registry, updaters);
  }
}
