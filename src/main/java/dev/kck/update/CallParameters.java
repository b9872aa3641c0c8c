package dev.kck.update;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kck.auth.Principal;
import dev.kck.kernel.KckException;
import dev.kck.product.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an update body into typed parameter maps, one per call, checking everything before any SQL
 * runs (rejected input changes nothing): the body's shape, unknown names (a typo must not silently
 * become null), each value's type, required parameters, and claim-bound parameters against the token.
 */
final class CallParameters {
  /** The calls one body may hold when no other cap is given ({@code server.max_update_calls}). */
  static final int DEFAULT_MAX_CALLS = 1000;

  private final UpdaterSpec spec;
  private final Principal principal;
  private final boolean authEnabled;
  private String where = "";

  private CallParameters(UpdaterSpec spec, Principal principal, boolean authEnabled) {
    this.spec = spec;
    this.principal = principal;
    this.authEnabled = authEnabled;
  }

  /**
   * One map per call, each holding every declared parameter (null when an optional one is absent), in
   * declared order.
   *
   * @param body a JSON object, or a non-empty array of objects
   * @param authEnabled false: claim-bound parameters are filled from a token when there is one but never refused
   */
  static List<Map<String, Object>> read(UpdaterSpec spec, JsonNode body, Principal principal, boolean authEnabled) {
    return read(spec, body, principal, authEnabled, DEFAULT_MAX_CALLS);
  }

  /** @param maxCalls the most calls an array may hold; more is a 400 naming the cap, before any is read */
  static List<Map<String, Object>> read(UpdaterSpec spec, JsonNode body, Principal principal, boolean authEnabled,
      int maxCalls) {
    return new CallParameters(spec, principal, authEnabled).read(body, maxCalls);
  }

  private List<Map<String, Object>> read(JsonNode body, int maxCalls) {
    if (body != null && body.isObject()) {
      return List.of(call(body));
    }
    if (body == null || !body.isArray() || body.isEmpty()) {
      throw new KckException.BadRequest("the body must be a JSON object of parameters, or a non-empty array of them");
    }
    if (body.size() > maxCalls) {
      throw new KckException.BadRequest("at most " + maxCalls + " calls in one update (server.max_update_calls), got "
          + body.size());
    }
    List<Map<String, Object>> calls = new ArrayList<>(body.size());
    for (int i = 0; i < body.size(); i++) {
      where = "element [" + i + "]: ";
      if (!body.get(i).isObject()) {
        throw new KckException.BadRequest(where + "expected a JSON object of parameters");
      }
      calls.add(call(body.get(i)));
    }
    return calls;
  }

  private Map<String, Object> call(JsonNode object) {
    rejectUnknownNames(object);
    Map<String, Object> values = new LinkedHashMap<>();
    for (Parameter parameter : spec.parameters()) {
      JsonNode node = object.get(parameter.name());
      Object given = node == null || node.isNull() ? null : parse(parameter, node);
      values.put(parameter.name(), parameter.isClaimBound() ? claimBound(parameter, given) : given);
      if (values.get(parameter.name()) == null && parameter.required()) {
        throw bad(parameter.name(), "parameter '" + parameter.name() + "' is required");
      }
    }
    return Collections.unmodifiableMap(values);
  }

  private void rejectUnknownNames(JsonNode object) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (spec.parameter(name).isEmpty()) {
        List<String> known = spec.parameters().stream().map(Parameter::name).toList();
        throw bad(name, "unknown parameter '" + name + "'; updater '" + spec.name() + "' takes " + known);
      }
    }
  }

  /** JSON scalars as their text, so 42, "42" and a decimal's digits all parse the one way. */
  private Object parse(Parameter parameter, JsonNode node) {
    if (!node.isValueNode()) {
      throw bad(parameter.name(), "parameter '" + parameter.name() + "': expected a JSON scalar, got "
          + (node.isArray() ? "an array" : "an object"));
    }
    try {
      return parameter.type().parse(node.asText());
    } catch (IllegalArgumentException e) {
      throw bad(parameter.name(), "parameter '" + parameter.name() + "': " + e.getMessage());
    }
  }

  /**
   * The value of a claim-bound parameter: the token's claim when the body gives none; the body's when
   * it equals the claim (compared as canonical text, as fetch does). With auth disabled nothing is refused.
   */
  private Object claimBound(Parameter parameter, Object given) {
    String claim = principal.claimText(parameter.claim()).orElse(null);
    if (!authEnabled) {
      return given != null || claim == null ? given : claimValue(parameter, claim);
    }
    if (principal.isAnonymous()) {
      throw new KckException.Unauthorized("a bearer token is required: parameter '" + parameter.name()
          + "' comes from its '" + parameter.claim() + "' claim");
    }
    if (claim == null) {
      throw new KckException.Forbidden("parameter '" + parameter.name() + "' must equal your token's '"
          + parameter.claim() + "' claim, which it does not have");
    }
    if (given != null && !parameter.type().format(given).equals(claim)) {
      throw new KckException.Forbidden(where + "parameter '" + parameter.name() + "' must equal your token's '"
          + parameter.claim() + "' claim");
    }
    return given != null ? given : claimValue(parameter, claim);
  }

  /** A claim that is not a valid value of the parameter's type can equal no value: the token is not fit. */
  private Object claimValue(Parameter parameter, String claim) {
    try {
      return parameter.type().parse(claim);
    } catch (IllegalArgumentException e) {
      throw new KckException.Forbidden("your token's '" + parameter.claim() + "' claim is not a valid value for "
          + "parameter '" + parameter.name() + "' (" + parameter.type().yamlName() + ")");
    }
  }

  private KckException.BadRequest bad(String parameter, String message) {
    return new KckException.BadRequest(where + message, parameter);
  }
}
