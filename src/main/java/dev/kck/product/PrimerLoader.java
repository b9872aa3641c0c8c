package dev.kck.product;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/** Finds every primer: YAML SQL products in the products folder, Java ones through ServiceLoader. */
public final class PrimerLoader {
  private PrimerLoader() {}

  /**
   * @param files the parsed product files (see {@code ProductFiles})
   * @param plugins jars with Java primers (may be absent); the application classpath is searched too
   */
  public static List<Primer> load(List<SqlProductFile> files, Path plugins, ObjectMapper mapper) {
    List<Primer> primers = new ArrayList<>();
    for (SqlProductFile file : files) {
      primers.add(new SqlPrimer(file.spec(), file.sql(), file.result(), mapper));
    }
    ServiceLoader.load(Primer.class, pluginClassLoader(plugins)).forEach(primers::add);
    return primers;
  }

  /** A class loader over every jar in the plugins folder, parented by the application's. */
  public static ClassLoader pluginClassLoader(Path plugins) {
    ClassLoader parent = PrimerLoader.class.getClassLoader();
    if (plugins == null || !Files.isDirectory(plugins)) {
      return parent;
    }
    try (Stream<Path> paths = Files.list(plugins)) {
      URL[] jars = paths.filter(p -> p.toString().endsWith(".jar")).sorted().map(PrimerLoader::url).toArray(URL[]::new);
      return jars.length == 0 ? parent : new URLClassLoader("kck-plugins", jars, parent);
    } catch (IOException e) {
      throw new UncheckedIOException("could not list plugins in " + plugins, e);
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
