package dev.kck.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Holds config/reference.yaml and config/kck.yaml to the code, so that neither can drift from it. */
class ReferenceConfigTest {
  private static final Path REFERENCE = Path.of("config/reference.yaml");
  private static final Path SHIPPED = Path.of("config/kck.yaml");

  private final ConfigLoader loader = new ConfigLoader();

  @Test
  void reference_values_are_the_built_in_defaults() {
    assertThat(loader.load(REFERENCE, Map.of())).isEqualTo(loader.defaults(Map.of()));
  }

  @Test
  void shipped_configuration_is_the_built_in_defaults() {
    assertThat(loader.load(SHIPPED, Map.of())).isEqualTo(loader.defaults(Map.of()));
  }

  @Test
  void reference_names_every_key_the_code_reads() throws IOException {
    assertThat(keysIn(REFERENCE)).isEqualTo(new TreeSet<>(loader.knownFields()));
  }

  @Test
  void every_reference_key_has_a_comment_above_it() throws IOException {
    String[] lines = Files.readString(REFERENCE).split("\n");
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].matches("\\s*[a-z_0-9]+:.*")) {
        assertThat(lines[i - 1].strip()).as("line above '%s'", lines[i].strip()).startsWith("#");
      }
    }
  }

  private static Set<String> keysIn(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      Set<String> keys = new TreeSet<>();
      collect((MappingNode) new Yaml().compose(reader), "", keys);
      return keys;
    }
  }

  private static void collect(MappingNode mapping, String prefix, Set<String> keys) {
    for (NodeTuple tuple : mapping.getValue()) {
      String path = prefix + ((ScalarNode) tuple.getKeyNode()).getValue();
      keys.add(path);
      if (tuple.getValueNode() instanceof MappingNode child) {
        collect(child, path + ".", keys);
      }
    }
  }
}
