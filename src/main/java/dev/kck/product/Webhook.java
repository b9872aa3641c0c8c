package dev.kck.product;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A product file's {@code webhooks} entry: where to send the product's new versions, signed per the
 * Standard Webhooks specification with the {@code whsec_} secret. The secret never appears in
 * {@link #toString()} (nor, so, in any log or problem message).
 *
 * @param url https, or http to a loopback host
 * @param secret {@code whsec_} followed by the base64 of the signing key (24 to 64 bytes)
 * @param events what is sent ({@code new_version})
 * @param body what a delivery carries
 */
public record Webhook(URI url, String secret, List<String> events, Body body) {
  /** The events a webhook may ask for. */
  public static final List<String> EVENTS = List.of("new_version");
  public static final String SECRET_PREFIX = "whsec_";

  /** What a delivery carries: the ENTRY as {@code GET /fetch} answers it, or only its key, version and time. */
  public enum Body {
    ENTRY, KEY
  }

  public Webhook {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(body, "body");
    events = List.copyOf(events);
  }

  /** The key the signatures are made with: the base64-decoded part of the secret. */
  public byte[] signingKey() {
    return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
  }

  public boolean sends(String event) {
    return events.contains(event);
  }

  @Override
  public String toString() {
    return "Webhook[url=" + url + ", events=" + events + ", body=" + body + "]";
  }
}
