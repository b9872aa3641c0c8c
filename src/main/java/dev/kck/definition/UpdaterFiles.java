package dev.kck.definition;

import dev.kck.product.Access;
import dev.kck.product.KeyTemplate;
import dev.kck.product.Parameter;
import dev.kck.update.UpdaterSpec;
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
 * Reads the updater folder: every {@code *.yaml} / {@code *.yml} in it, sorted by file name, one updater
 * per file (see API.md, "Updater file"). A missing folder means no updaters. As with products, the
 * files are taken literally: no {@code ${...}} substitution.
 */
public final class UpdaterFiles {
  private UpdaterFiles() {}

  /**
   * Reads and checks every updater file in dir; an empty list when dir does not exist.
   *
   * @throws ConfigException with every problem of every file
   */
  public static List<UpdaterSpec> load(Path dir) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    ProblemList problems = new ProblemList();
    if (!Files.isDirectory(dir)) {
      problems.add(dir, "", 0, "updaters is not a folder");
      problems.throwIfAny();
    }
    List<UpdaterSpec> updaters = new ArrayList<>();
    Map<String, Path> names = new HashMap<>();
    for (Path file : YamlFile.list(dir, problems)) {
      Section section = YamlFile.read(file, EnvSubstitution.NONE, problems);
      UpdaterSpec updater = section == null ? null : bind(section, problems);
      if (updater != null) {
        Path earlier = names.putIfAbsent(updater.name(), file);
        if (earlier != null) {
          section.problem("name", "updater '" + updater.name() + "' is already defined in " + ProblemList.display(earlier));
        }
        updaters.add(updater);
      }
    }
    problems.throwIfAny();
    return updaters;
  }

  /**
   * One updater, or null when its file has problems. Unlike a product, an updater may declare a
   * parameter its SQL never uses: it may serve only to fill a {@code refreshes} template.
   */
  private static UpdaterSpec bind(Section s, ProblemList problems) {
    int before = problems.size();
    String name = DefinitionFields.name(s);
    List<Parameter> parameters = DefinitionFields.parameters(s, true);
    String sql = DefinitionFields.sql(s);
    if (sql != null) {
      DefinitionFields.checkSqlNames(s, sql, parameters, false);
    }
    List<String> writes = s.strings("writes", List.of());
    List<KeyTemplate> refreshes = DefinitionFields.keyTemplates(s, "refreshes", parameters);
    Access access = DefinitionFields.access(s);
    s.finish();
    return problems.size() > before ? null
        : new UpdaterSpec(name, parameters, sql, writes, refreshes, access, s.file());
  }
}
