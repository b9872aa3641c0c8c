package dev.kck.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kck.kernel.KckException;

/**
 * An RFC 9457 problem document, the body of every error response.
 *
 * @param key the key the problem is about, when there is one
 * @param parameter the parameter at fault, when there is one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String key, String parameter) {
  static final String TYPE_BASE = "https://kck.dev/problems/";

  static Problem of(KckException e, String key) {
    String parameter = e instanceof KckException.BadRequest bad ? bad.parameter() : null;
    return new Problem(TYPE_BASE + e.slug(), e.title(), e.status(), e.getMessage(), key, parameter);
  }

  static Problem of(int status, String title, String slug, String detail) {
    return new Problem(TYPE_BASE + slug, title, status, detail, null, null);
  }
}
