package dev.kck.definition;

import dev.kck.hook.CacheListener;
import dev.kck.product.Primer;
import dev.kck.update.Updater;
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

/**
 * The Java primers, updaters and cache listeners of the plugins folder (and the application's classpath), found
 * through {@link ServiceLoader} in ONE class loader over every jar there: a jar providing several
 * kinds loads its classes once, so a primer and an updater of one jar can share static state.
 */
final class Plugins {
  private final ClassLoader loader;

  private Plugins(ClassLoader loader) {
    this.loader = loader;
  }

  /** A class loader over every jar in the folder (which may be absent), parented by the application's. */
  static Plugins in(Path folder) {
    ClassLoader parent = Plugins.class.getClassLoader();
    if (folder == null || !Files.isDirectory(folder)) {
      return new Plugins(parent);
    }
    try (Stream<Path> paths = Files.list(folder)) {
      URL[] jars = paths.filter(p -> p.toString().endsWith(".jar")).sorted().map(Plugins::url).toArray(URL[]::new);
      return new Plugins(jars.length == 0 ? parent : new URLClassLoader("kck-plugins", jars, parent));
    } catch (IOException e) {
      throw new UncheckedIOException("could not list plugins in " + folder, e);
    }
  }

  List<Primer> primers() {
    return load(Primer.class);
  }

  List<Updater> updaters() {
    return load(Updater.class);
  }

  List<CacheListener> listeners() {
    return load(CacheListener.class);
  }

  private <T> List<T> load(Class<T> kind) {
    List<T> found = new ArrayList<>();
    ServiceLoader.load(kind, loader).forEach(found::add);
    return found;
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
