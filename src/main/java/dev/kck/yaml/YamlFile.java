package dev.kck.yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a YAML file into SnakeYAML's node tree, which keeps the line of every key and value. Binding
 * is done by hand over these nodes (see {@link Section}) so that every problem can name its line.
 */
public final class YamlFile {
  private YamlFile() {}

  /**
   * The file's top-level mapping, read as a {@link Section}; an empty file is an empty mapping. Returns
   * null (with a problem recorded) when the file cannot be read or is not a YAML mapping.
   */
  public static Section read(Path file, EnvSubstitution env, ProblemList problems) {
    Node root;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new Yaml(options()).compose(reader);
    } catch (NoSuchFileException e) {
      problems.add(file, "", 0, "file not found");
      return null;
    } catch (IOException | YAMLException e) {
      problems.add(file, "", line(e), describe(e));
      return null;
    }
    if (root == null) {
      return Section.empty(file, env, problems);
    }
    if (!(root instanceof MappingNode mapping)) {
      problems.add(file, "", Section.line(root), "expected a mapping of keys to values at the top of the file");
      return null;
    }
    return Section.root(file, mapping, env, problems);
  }

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(50); // a config has no use for alias bombs
    return options;
  }

  private static int line(Exception e) {
    if (e instanceof MarkedYAMLException marked) {
      Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
      return mark == null ? 0 : mark.getLine() + 1;
    }
    return 0;
  }

  private static String describe(Exception e) {
    if (e instanceof MarkedYAMLException marked) {
      String context = marked.getContext() == null ? "" : marked.getContext() + ": ";
      return "not valid YAML: " + context + marked.getProblem();
    }
    if (e instanceof YAMLException) {
      return "not valid YAML: " + e.getMessage();
    }
    return "cannot read the file: " + e;
  }

  /** The *.yaml and *.yml files directly in dir, sorted by name, so that load order never depends on the disk. */
  public static List<Path> list(Path dir, ProblemList problems) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(file -> Files.isRegularFile(file))
          .filter(file -> file.getFileName().toString().matches(".+\\.ya?ml"))
          .sorted(Comparator.comparing(file -> file.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      problems.add(dir, "", 0, "cannot list the folder (" + e.getClass().getSimpleName() + ")");
      return List.of();
    }
  }

  public static boolean isNull(Node node) {
    return Tag.NULL.equals(node.getTag());
  }
}
