package dev.kck.update;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * The connection a Java updater gets: the real one, except that it cannot end or leave KCK's
 * transaction. A commit by one call of an array body would break "one transaction" and "rejected
 * input changes nothing"; refusing it turns that plugin bug into a rolled-back 500. Savepoints stay
 * allowed ({@code rollback(Savepoint)} is not the no-argument rollback).
 */
final class TransactionGuard implements InvocationHandler {
  private static final Set<String> REFUSED = Set.of("commit", "setAutoCommit", "close", "abort");
  private static final String INVALID_TRANSACTION_STATE = "25000";

  private final Connection connection;

  private TransactionGuard(Connection connection) {
    this.connection = connection;
  }

  static Connection wrap(Connection connection) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
        new Class<?>[] {Connection.class}, new TransactionGuard(connection));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (REFUSED.contains(method.getName()) || isWholeRollback(method)) {
      throw new SQLException("an updater runs inside KCK's transaction and must not call Connection."
          + method.getName(), INVALID_TRANSACTION_STATE);
    }
    try {
      return method.invoke(connection, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static boolean isWholeRollback(Method method) {
    return method.getName().equals("rollback") && method.getParameterCount() == 0;
  }
}
