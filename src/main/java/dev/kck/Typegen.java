package dev.kck;

import dev.kck.config.KckConfig;
import dev.kck.definition.Definitions;
import dev.kck.source.Source;
import dev.kck.typegen.TypeScriptTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kck typegen}: writes the TypeScript declarations that type {@code @kck/client} and
 * {@code @kck/react} for this configuration's products and updaters (clients/typescript/TYPEGEN.md).
 * It reads the SQL primers' result shapes from the source database, so it needs the database.
 */
@Command(name = "typegen", description = "Write TypeScript types for every product and updater (TYPEGEN.md).")
final class Typegen implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "The .ts file to write")
  Path out;

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() throws Exception {
    KckConfig loaded = config.load();
    Definitions definitions = Definitions.load(loaded.products(), loaded.updaters(), loaded.plugins());
    try (Source source = Source.open(loaded.source())) {
      String types = new TypeScriptTypes(definitions.products(), definitions.updaters(), source.dataSource())
          .write("Written by `kck typegen` from " + loaded.products().getFileName() + " and "
              + loaded.updaters().getFileName() + "; do not edit.");
      Files.writeString(out, types, StandardCharsets.UTF_8);
    }
    System.out.println("kck: wrote the types of " + definitions.products().all().size() + " products and "
        + definitions.updaters().all().size() + " updaters to " + out);
    return 0;
  }
}
