package dev.kck.yaml;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping being bound by hand. Each read names its key, gives a default for when the key is
 * absent (or null), and records a problem, with field path and line, instead of throwing when the
 * value is of the wrong type. Keys that were never read are reported by {@link #finish()} as unknown.
 */
public final class Section {
  private final Path file;
  private final String path;
  private final int line;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> known = new LinkedHashSet<>();
  private final EnvSubstitution env;
  private final ProblemList problems;

  private Section(Path file, String path, int line, MappingNode node, EnvSubstitution env, ProblemList problems) {
    this.file = file;
    this.path = path;
    this.line = line;
    this.env = env;
    this.problems = problems;
    if (node != null) {
      index(node);
    }
  }

  public static Section root(Path file, MappingNode node, EnvSubstitution env, ProblemList problems) {
    return new Section(file, "", line(node), node, env, problems);
  }

  public static Section empty(Path file, EnvSubstitution env, ProblemList problems) {
    return new Section(file, "", 0, null, env, problems);
  }

  public Path file() {
    return file;
  }

  public boolean has(String key) {
    known.add(key);
    Node value = value(key);
    return value != null && !YamlFile.isNull(value);
  }

  public boolean isMapping(String key) {
    return value(key) instanceof MappingNode;
  }

  /** Every key present, in file order; reading them all means none is unknown. */
  public List<String> keys() {
    known.addAll(entries.keySet());
    return List.copyOf(entries.keySet());
  }

  public String string(String key, String fallback) {
    return scalar(key, fallback, "a string", Function.identity());
  }

  /** A string that must be present; null (and a problem) when it is not. */
  public String requiredString(String key) {
    if (!has(key)) {
      problem(key, "missing; it is required");
      return null;
    }
    return string(key, null);
  }

  public int integer(String key, int fallback) {
    return scalar(key, fallback, "an integer", Section::parseInt);
  }

  public boolean bool(String key, boolean fallback) {
    return scalar(key, fallback, "true or false", Section::parseBool);
  }

  public Duration duration(String key, Duration fallback) {
    return scalar(key, fallback, "a duration", Durations::parse);
  }

  public long size(String key, long fallback) {
    return scalar(key, fallback, "a size", ByteSizes::parse);
  }

  /** A list of strings; a single string is not accepted, so that the shape in the file stays obvious. */
  public List<String> strings(String key, List<String> fallback) {
    SequenceNode sequence = sequence(key);
    if (sequence == null) {
      return fallback;
    }
    List<String> values = new ArrayList<>();
    List<Node> items = sequence.getValue();
    for (int i = 0; i < items.size(); i++) {
      String item = itemText(key, i, items.get(i));
      if (item != null) {
        values.add(item);
      }
    }
    return values;
  }

  /** The mapping under key; an empty section (so that every default applies) when absent. */
  public Section section(String key) {
    known.add(key);
    Node value = value(key);
    int at = value == null ? line : line(value);
    if (value != null && !YamlFile.isNull(value) && !(value instanceof MappingNode)) {
      problem(key, "expected a mapping, got " + describe(value));
    }
    MappingNode mapping = value instanceof MappingNode m ? m : null;
    return new Section(file, pathOf(key), at, mapping, env, problems);
  }

  /** The list of mappings under key; empty when absent. Items that are not mappings are problems. */
  public List<Section> sections(String key) {
    SequenceNode sequence = sequence(key);
    List<Section> sections = new ArrayList<>();
    if (sequence == null) {
      return sections;
    }
    List<Node> items = sequence.getValue();
    for (int i = 0; i < items.size(); i++) {
      String itemPath = pathOf(key) + "[" + i + "]";
      if (items.get(i) instanceof MappingNode mapping) {
        sections.add(new Section(file, itemPath, line(mapping), mapping, env, problems));
      } else {
        problems.add(file, itemPath, line(items.get(i)), "expected a mapping, got " + describe(items.get(i)));
      }
    }
    return sections;
  }

  /** A scalar as YAML types it: Long or BigInteger, BigDecimal, Boolean or String; null when absent or not a scalar. */
  public Object literal(String key) {
    known.add(key);
    Node value = value(key);
    if (!(value instanceof ScalarNode scalar) || YamlFile.isNull(value)) {
      problem(key, "expected a number, string or boolean, got " + (value == null ? "nothing" : describe(value)));
      return null;
    }
    String text = env.apply(scalar.getValue(), message -> problem(key, message));
    try {
      return typed(text, scalar.getTag());
    } catch (NumberFormatException e) {
      problem(key, "write numbers in plain decimal, got '" + text + "'");
      return null;
    }
  }

  private static Object typed(String text, Tag tag) {
    if (Tag.INT.equals(tag)) {
      BigInteger number = new BigInteger(text.replace("_", ""));
      return number.bitLength() < 64 ? (Object) number.longValue() : number;
    }
    if (Tag.FLOAT.equals(tag)) {
      return new BigDecimal(text.replace("_", ""));
    }
    if (Tag.BOOL.equals(tag)) {
      return Set.of("true", "yes", "on").contains(text.toLowerCase(Locale.ROOT));
    }
    return text;
  }

  /** Records a problem with the value of key (or with this mapping when key is absent). */
  public void problem(String key, String message) {
    Node value = value(key);
    problems.add(file, pathOf(key), value == null ? line : line(value), message);
  }

  /** Records a problem with this mapping as a whole. */
  public void problem(String message) {
    problems.add(file, path, line, message);
  }

  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Reports every key that no read asked for. Call once, after all reads. */
  public void finish() {
    known.forEach(key -> problems.fieldRead(pathOf(key)));
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      if (!known.contains(entry.getKey())) {
        problems.add(file, pathOf(entry.getKey()), line(entry.getValue().getKeyNode()),
            "unknown key '" + entry.getKey() + "' (known: " + String.join(", ", known) + ")");
      }
    }
  }

  public static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  private void index(MappingNode node) {
    for (NodeTuple tuple : node.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalar)) {
        problems.add(file, path, line(keyNode), "keys must be plain names, got " + describe(keyNode));
      } else if (entries.putIfAbsent(scalar.getValue(), tuple) != null) {
        problems.add(file, pathOf(scalar.getValue()), line(keyNode), "duplicate key '" + scalar.getValue() + "'");
      }
    }
  }

  private Node value(String key) {
    NodeTuple tuple = entries.get(key);
    return tuple == null ? null : tuple.getValueNode();
  }

  private <T> T scalar(String key, T fallback, String expected, Function<String, T> parse) {
    known.add(key);
    Node value = value(key);
    if (value == null || YamlFile.isNull(value)) {
      return fallback;
    }
    if (!(value instanceof ScalarNode scalar)) {
      problem(key, "expected " + expected + ", got " + describe(value));
      return fallback;
    }
    try {
      return parse.apply(env.apply(scalar.getValue(), message -> problem(key, message)));
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return fallback;
    }
  }

  private SequenceNode sequence(String key) {
    known.add(key);
    Node value = value(key);
    if (value == null || YamlFile.isNull(value)) {
      return null;
    }
    if (!(value instanceof SequenceNode sequence)) {
      problem(key, "expected a list, got " + describe(value));
      return null;
    }
    return sequence;
  }

  private String itemText(String key, int index, Node item) {
    String itemPath = pathOf(key) + "[" + index + "]";
    if (!(item instanceof ScalarNode scalar) || YamlFile.isNull(item)) {
      problems.add(file, itemPath, line(item), "expected a string, got " + describe(item));
      return null;
    }
    return env.apply(scalar.getValue(), message -> problems.add(file, itemPath, line(item), message));
  }

  private static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return YamlFile.isNull(node) ? "nothing" : "'" + ((ScalarNode) node).getValue() + "'";
  }

  private static Integer parseInt(String text) {
    try {
      return Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an integer, got '" + text + "'");
    }
  }

  private static Boolean parseBool(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
    };
  }
}
