package dev.kck.product;

import com.fasterxml.jackson.databind.JsonNode;
import javax.sql.DataSource;

/** What a primer may use while it computes one key. */
public interface PrimerContext {

  /** The authoritative PostgreSQL database. */
  DataSource source();

  /**
   * The value of another key, computed or taken from cache as for a client. Also records that the
   * product being computed depends on that key, so its new versions refresh this one.
   */
  JsonNode fetch(String otherKey);
}
