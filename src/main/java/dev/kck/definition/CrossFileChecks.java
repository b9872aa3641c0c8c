package dev.kck.definition;

import dev.kck.product.KeyTemplate;
import dev.kck.product.Parameter;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.product.ProductSpec;
import dev.kck.update.Updater;
import dev.kck.update.UpdaterRegistry;
import dev.kck.update.UpdaterSpec;
import dev.kck.yaml.ConfigProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cross-file checks made at start (each file's own checks are the loaders'): depends_on and
 * refreshes templates name real products with the right parameters, depends_on has no cycle, and
 * a {@code domain} key is a key of another product whose value is a list.
 */
final class CrossFileChecks {
  private final ProductRegistry registry;
  private final List<ConfigProblem> problems = new ArrayList<>();

  private CrossFileChecks(ProductRegistry registry) {
    this.registry = registry;
  }

  static List<ConfigProblem> check(ProductRegistry registry, UpdaterRegistry updaters) {
    CrossFileChecks checks = new CrossFileChecks(registry);
    for (Primer primer : registry.all()) {
      checks.checkProduct(primer.spec());
    }
    for (Updater each : updaters.all()) {
      UpdaterSpec updater = each.spec();
      for (int i = 0; i < updater.refreshes().size(); i++) {
        checks.checkTemplate(updater.file(), updater.name() + ".refreshes[" + i + "]", updater.refreshes().get(i),
            names(updater.parameters()));
      }
    }
    checks.checkCycles();
    return checks.problems;
  }

  private void checkProduct(ProductSpec spec) {
    for (int i = 0; i < spec.dependsOn().size(); i++) {
      checkTemplate(null, spec.name() + ".depends_on[" + i + "]", spec.dependsOn().get(i), names(spec.parameters()));
    }
    if (spec.domain() != null && spec.domain().key() != null) {
      String problem = DomainSource.problemOf(registry, spec.domain().key());
      if (problem != null) {
        problem(null, spec.name() + ".domain", problem);
      }
    }
  }

  private void checkTemplate(Path file, String field, KeyTemplate template, Set<String> available) {
    String text = template.text();
    Primer target = registry.find(template.product()).orElse(null);
    if (target == null) {
      problem(file, field, "'" + text + "' names unknown product '" + template.product() + "'");
      return;
    }
    if (template.segments().size() != target.spec().parameters().size()) {
      problem(file, field, "'" + text + "' gives " + template.segments().size() + " parameter(s); "
          + template.product() + " takes " + target.spec().parameters().size());
    }
    for (String name : template.names()) {
      if (!available.contains(name)) {
        problem(file, field, "'" + text + "' uses :" + name + ", which is not a declared parameter");
      }
    }
  }

  private void checkCycles() {
    Map<String, List<String>> edges = new HashMap<>();
    for (Primer primer : registry.all()) {
      List<String> targets = new ArrayList<>();
      for (KeyTemplate template : primer.spec().dependsOn()) {
        targets.add(template.product());
      }
      edges.put(primer.spec().name(), targets);
    }
    Set<String> done = new HashSet<>();
    for (String product : edges.keySet()) {
      List<String> cycle = findCycle(product, edges, new ArrayList<>(), done);
      if (cycle != null) {
        problem(null, product + ".depends_on", "dependency cycle: " + String.join(" -> ", cycle));
        return;
      }
    }
  }

  private static List<String> findCycle(String product, Map<String, List<String>> edges, List<String> path,
      Set<String> done) {
    int seen = path.indexOf(product);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
      cycle.add(product);
      return cycle;
    }
    if (done.contains(product)) {
      return null;
    }
    path.add(product);
    for (String next : edges.getOrDefault(product, List.of())) {
      List<String> cycle = findCycle(next, edges, path, done);
      if (cycle != null) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    done.add(product);
    return null;
  }

  private static Set<String> names(List<Parameter> parameters) {
    Set<String> names = new HashSet<>();
    parameters.forEach(p -> names.add(p.name()));
    return names;
  }

  private void problem(Path file, String field, String message) {
    problems.add(new ConfigProblem(file == null ? "" : file.toString(), field, 0, message));
  }
}
