package dev.kck.definition;

import dev.kck.yaml.EnvSubstitution;
import dev.kck.yaml.ProblemList;
import dev.kck.yaml.Section;
import dev.kck.yaml.YamlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the product folder: every {@code *.yaml} / {@code *.yml} in it, sorted by file name, one product
 * per file (see API.md, "Product file"). {@code .sql} files there are read only when a product names
 * one with {@code sql_file}. Product files are taken literally: no {@code ${...}} substitution, so the
 * environment never reaches SQL text.
 */
public final class ProductFiles {
  private ProductFiles() {}

  /**
   * Reads and checks every product file in dir.
   *
   * @throws ConfigException with every problem of every file, or when dir is not a folder
   */
  public static List<ProductFile> load(Path dir) {
    ProblemList problems = new ProblemList();
    if (!Files.isDirectory(dir)) {
      problems.add(dir, "", 0, "products folder not found (set products: in the configuration)");
      problems.throwIfAny();
    }
    List<ProductFile> products = new ArrayList<>();
    Map<String, Path> names = new HashMap<>();
    for (Path file : YamlFile.list(dir, problems)) {
      Section section = YamlFile.read(file, EnvSubstitution.NONE, problems);
      ProductFile product = section == null ? null : new ProductBinder(section, problems).bind();
      if (product != null) {
        Path earlier = names.putIfAbsent(product.spec().name(), file);
        if (earlier != null) {
          section.problem("name", "product '" + product.spec().name() + "' is already defined in "
              + ProblemList.display(earlier));
        }
        products.add(product);
      }
    }
    problems.throwIfAny();
    return products;
  }
}
