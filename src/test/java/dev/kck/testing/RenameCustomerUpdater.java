package dev.kck.testing;

import dev.kck.product.Access;
import dev.kck.product.ParamType;
import dev.kck.product.Parameter;
import dev.kck.update.Updater;
import dev.kck.update.UpdaterSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Java updater found through ServiceLoader (META-INF/services in the test classpath). Every test that
 * loads updaters sees it, so it is harmless: a name no YAML updater uses, no refreshes, a scope only
 * tests grant, and it only renames a customer of the demo data set when called.
 */
public final class RenameCustomerUpdater implements Updater {
  public static final String NAME = "test_rename_customer";
  public static final String SCOPE = "test:rename";

  private static final UpdaterSpec SPEC = UpdaterSpec.of(NAME,
          List.of(Parameter.of("customer_id", ParamType.INT), Parameter.of("name", ParamType.STRING)))
      .withWrites(List.of("customers"))
      .withAccess(new Access.Scopes(Set.of(SCOPE)));

  @Override
  public UpdaterSpec spec() {
    return SPEC;
  }

  @Override
  public long apply(Connection transaction, Map<String, Object> parameters) throws SQLException {
    try (PreparedStatement statement = transaction.prepareStatement("update customers set name = ? where id = ?")) {
      statement.setString(1, (String) parameters.get("name"));
      statement.setInt(2, (Integer) parameters.get("customer_id"));
      return statement.executeUpdate();
    }
  }
}
