package dev.kck.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.auth.Principal;
import java.util.Objects;

/**
 * A call of {@code POST /update/{updater}}.
 *
 * @param body one JSON object of parameters, or a non-empty array of them (one call each, one transaction)
 * @param ifMatch the {@code If-Match} header, or null
 * @param idempotencyKey the {@code Idempotency-Key} header, or null
 */
public record UpdateRequest(String updater, JsonNode body, Principal principal, String ifMatch,
    String idempotencyKey) {
  public UpdateRequest {
    Objects.requireNonNull(updater, "updater");
    Objects.requireNonNull(principal, "principal");
  }
}
