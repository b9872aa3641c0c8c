package dev.kck.definition;

import dev.kck.hook.CacheListener;
import dev.kck.kernel.Json;
import dev.kck.product.Primer;
import dev.kck.product.ProductRegistry;
import dev.kck.product.SqlPrimer;
import dev.kck.product.Webhook;
import dev.kck.update.SqlUpdater;
import dev.kck.update.Updater;
import dev.kck.update.UpdaterRegistry;
import dev.kck.yaml.ConfigException;
import dev.kck.yaml.ConfigProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every product and updater of a deployment, loaded and cross-checked: the YAML files of the
 * products and updaters folders plus the Java primers and updaters of the plugins. What {@code
 * check} validates and what {@code serve} starts from. Every problem found is reported at once.
 *
 * @param products the products by name, with key parsing
 * @param updaters the updaters by name
 * @param listeners the Java cache listeners of the plugins (and the classpath)
 * @param webhooks the webhooks of each product that declares some, by product name
 */
public record Definitions(ProductRegistry products, UpdaterRegistry updaters, List<CacheListener> listeners,
    Map<String, List<Webhook>> webhooks) {

  public Definitions {
    listeners = List.copyOf(listeners);
    webhooks = Map.copyOf(webhooks);
  }

  /** The product's webhooks; empty when it has none. */
  public List<Webhook> webhooksOf(String product) {
    return webhooks.getOrDefault(product, List.of());
  }

  /**
   * @param productsFolder the product files ({@code products:})
   * @param updatersFolder the updater files ({@code updaters:}); may be absent
   * @param pluginsFolder jars with Java primers and updaters ({@code plugins:}); may be absent
   * @throws ConfigException with every problem of every file and every cross-file check
   */
  public static Definitions load(Path productsFolder, Path updatersFolder, Path pluginsFolder) {
    List<ConfigProblem> problems = new ArrayList<>();
    Plugins plugins = Plugins.in(pluginsFolder);
    List<Primer> primers = new ArrayList<>();
    List<Updater> updaters = new ArrayList<>();
    Map<String, List<Webhook>> webhooks = new HashMap<>();
    try {
      ProductFiles.load(productsFolder).forEach(file -> {
        primers.add(new SqlPrimer(file.spec(), file.sql(), file.result(), Json.MAPPER));
        if (!file.webhooks().isEmpty()) {
          webhooks.put(file.spec().name(), file.webhooks());
        }
      });
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    try {
      UpdaterFiles.load(updatersFolder).forEach(spec -> updaters.add(new SqlUpdater(spec)));
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    primers.addAll(plugins.primers());
    updaters.addAll(plugins.updaters());
    Definitions definitions = null;
    try {
      definitions = new Definitions(new ProductRegistry(primers), new UpdaterRegistry(updaters), plugins.listeners(),
          webhooks);
      problems.addAll(CrossFileChecks.check(definitions.products(), definitions.updaters()));
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigProblem(productsFolder.toString(), "name", 0, e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return definitions;
  }
}
