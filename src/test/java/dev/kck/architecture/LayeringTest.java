package dev.kck.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rule of the layout (docs/ARCHITECTURE.md): every package has a floor, and a class may
 * use only classes of its own package or of a package on a lower floor, so the arrows of the
 * dependency graph all point down and there is no cycle. Packages on one floor are strangers to each
 * other. Checked on the compiled main classes (bytecode: imports, fully qualified names, method
 * calls, field and annotation types alike).
 */
class LayeringTest {
  /** The floors, lowest first. A backend sub-package sits one floor above its parent. */
  static final Map<String, Integer> FLOORS = Map.ofEntries(
      Map.entry("kernel", 0),
      Map.entry("yaml", 1),
      Map.entry("config", 2),
      Map.entry("product", 3),
      Map.entry("source", 3),
      Map.entry("cluster", 3),
      Map.entry("auth", 4),
      Map.entry("store", 4),
      Map.entry("update", 5),
      Map.entry("hook", 5),
      Map.entry("store.memory", 5),
      Map.entry("store.postgres", 5),
      Map.entry("store.cassandra", 5),
      Map.entry("definition", 6),
      Map.entry("journal", 6),
      Map.entry("cache", 6),
      Map.entry("augment", 7),
      Map.entry("refresh", 7),
      Map.entry("live", 7),
      Map.entry("typegen", 7),
      Map.entry("webhook", 7),
      Map.entry("service", 8),
      Map.entry("operator", 8),
      Map.entry("http", 9),
      Map.entry("", 10)); // dev.kck itself: App and Main

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.kck");
  }

  @Test
  void every_package_has_a_floor() {
    TreeSet<String> unplaced = new TreeSet<>();
    for (JavaClass type : main) {
      if (!FLOORS.containsKey(packageOf(type))) {
        unplaced.add(packageOf(type));
      }
    }
    assertThat(unplaced).as("packages missing from LayeringTest.FLOORS").isEmpty();
  }

  @Test
  void every_dependency_points_down() {
    List<String> upward = new ArrayList<>();
    for (JavaClass type : main) {
      for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
        JavaClass target = dependency.getTargetClass();
        if (isOurs(target) && !isAllowed(packageOf(type), packageOf(target))) {
          upward.add(dependency.getDescription());
        }
      }
    }
    assertThat(upward).as("dependencies on a package of the same or a higher floor").isEmpty();
  }

  @Test
  void packages_are_free_of_cycles() {
    slices().matching("dev.kck.(**)").should().beFreeOfCycles().check(main);
  }

  private static boolean isAllowed(String from, String to) {
    return from.equals(to) || FLOORS.getOrDefault(to, Integer.MAX_VALUE) < FLOORS.getOrDefault(from, -1);
  }

  private static boolean isOurs(JavaClass type) {
    return type.getPackageName().equals("dev.kck") || type.getPackageName().startsWith("dev.kck.");
  }

  /** The package below dev.kck ({@code store.postgres}), or "" for dev.kck itself. */
  static String packageOf(JavaClass type) {
    String name = type.getPackageName();
    return name.equals("dev.kck") ? "" : name.substring("dev.kck.".length());
  }
}
