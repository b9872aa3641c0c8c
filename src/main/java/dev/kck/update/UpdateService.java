package dev.kck.update;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.kck.auth.Authenticator;
import dev.kck.auth.Principal;
import dev.kck.kernel.Json;
import dev.kck.kernel.KckException;
import dev.kck.product.KeySegments;
import dev.kck.product.KeyTemplate;
import dev.kck.product.Parameter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The update facade behind {@code POST /update/{updater}}: find the updater, authorise the caller,
 * read and check the body, then run every call in one transaction on the source database. Everything
 * that can be refused is refused before the transaction starts; anything that fails inside it rolls
 * it back, so a rejected update writes nothing.
 */
public final class UpdateService {
  private static final Logger log = LoggerFactory.getLogger(UpdateService.class);

  /**
   * Parse update bodies with this: decimals keep every digit and their scale ({@code 12.50} stays
   * 12.50, {@code 12345678901234567.891} is not rounded to a double on the way to a decimal parameter).
   */
  public static final ObjectReader BODY_READER = Json.MAPPER.reader()
      .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

  private final UpdaterRegistry updaters;
  private final DataSource source;
  private final Authenticator authenticator;

  public UpdateService(UpdaterRegistry updaters, DataSource source, Authenticator authenticator) {
    this.updaters = updaters;
    this.source = source;
    this.authenticator = authenticator;
  }

  /**
   * Runs an update and commits it.
   *
   * @param body one JSON object of parameters, or a non-empty array of them (one call each, one
   *     transaction), best read with {@link #BODY_READER}
   * @throws KckException 404 unknown updater; 401/403 access or claim; 400 body, parameter or a value the
   *     database rejects (SQLState class 22); 422 constraint violation (class 23, the database's message);
   *     504 statement timeout; 503 source unreachable or a serialization/deadlock conflict; 500 otherwise
   */
  public UpdateResult apply(String updaterName, JsonNode body, Principal principal) {
    return apply(updaterName, body, principal, calls -> { });
  }

  /**
   * As {@link #apply(String, JsonNode, Principal)}, with a precondition on the bound calls checked
   * before anything is written (such as {@code If-Match}); it refuses by throwing.
   */
  public UpdateResult apply(String updaterName, JsonNode body, Principal principal,
      Consumer<List<Map<String, Object>>> precondition) {
    Updater updater = updaters.get(updaterName);
    UpdaterSpec spec = updater.spec();
    authenticator.authorize(spec.access(), principal);
    List<Map<String, Object>> calls = CallParameters.read(spec, body, principal, authenticator.enabled());
    precondition.accept(calls);
    long rows = runInOneTransaction(updater, calls);
    log.debug("Updater {} committed {} call(s), {} row(s)", spec.name(), calls.size(), rows);
    return new UpdateResult(spec.name(), rows, calls);
  }

  /** The spec of an updater (404 when unknown), for expanding refreshes after {@link #apply}. */
  public UpdaterSpec spec(String updaterName) {
    return updaters.get(updaterName).spec();
  }

  /** Every key the result's calls refresh, deduplicated, in order of first appearance. */
  public List<String> refreshKeys(UpdateResult result) {
    UpdaterSpec spec = spec(result.updater());
    Set<String> keys = new LinkedHashSet<>();
    for (Map<String, Object> call : result.calls()) {
      keys.addAll(refreshKeys(spec, call));
    }
    return List.copyOf(keys);
  }

  /**
   * The keys one call refreshes: each {@code refreshes} template with its {@code :name}s replaced by the
   * call's values in canonical text, as key text ({@code product/seg/...}, each segment percent-encoded).
   * A template naming a parameter that is null in this call names no key and is skipped.
   */
  public static List<String> refreshKeys(UpdaterSpec spec, Map<String, Object> call) {
    List<String> keys = new ArrayList<>(spec.refreshes().size());
    for (String text : spec.refreshes()) {
      KeyTemplate template = KeyTemplate.parse(text);
      Map<String, String> values = formattedValues(spec, template, call);
      if (values != null) {
        StringBuilder key = new StringBuilder(template.product());
        template.expand(values).forEach(segment -> key.append('/').append(KeySegments.encode(segment)));
        keys.add(key.toString());
      }
    }
    return keys;
  }

  /** The canonical texts of the parameters a template uses, or null when one of them is null. */
  private static Map<String, String> formattedValues(UpdaterSpec spec, KeyTemplate template, Map<String, Object> call) {
    Map<String, String> values = new HashMap<>();
    for (String name : template.names()) {
      Object value = call.get(name);
      Parameter parameter = spec.parameter(name).orElseThrow(() -> new IllegalArgumentException(
          "updater " + spec.name() + ": refreshes template '" + template.text() + "' uses undeclared :" + name));
      if (value == null) {
        return null;
      }
      values.put(name, parameter.type().format(value));
    }
    return values;
  }

  private long runInOneTransaction(Updater updater, List<Map<String, Object>> calls) {
    try (Connection connection = source.getConnection()) {
      return commitAll(connection, updater, calls);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      if (failure instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw UpdateFailures.classify(updater.spec().name(), failure);
    }
  }

  /** Every call on one transaction, committed at the end; rolled back when anything at all fails. */
  private static long commitAll(Connection connection, Updater updater, List<Map<String, Object>> calls)
      throws Exception {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      long rows = 0;
      Connection guarded = TransactionGuard.wrap(connection);
      for (Map<String, Object> call : calls) {
        rows += updater.apply(guarded, call);
      }
      connection.commit();
      return rows;
    } catch (Throwable failure) {
      rollbackQuietly(connection, failure);
      throw failure;
    } finally {
      restoreAutoCommit(connection, autoCommit);
    }
  }

  /** A rollback that fails (the connection is gone) must not hide why the update failed. */
  private static void rollbackQuietly(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (Exception e) {
      failure.addSuppressed(e);
      log.debug("Rollback failed after {}", failure.toString(), e);
    }
  }

  /** Pools reset it too, but a plain DataSource (KCK embedded as a library) may hand the connection on. */
  private static void restoreAutoCommit(Connection connection, boolean autoCommit) {
    try {
      connection.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      log.debug("Could not restore autocommit on a source connection", e);
    }
  }
}
