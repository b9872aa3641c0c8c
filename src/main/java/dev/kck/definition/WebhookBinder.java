package dev.kck.definition;

import dev.kck.config.LoopbackHosts;
import dev.kck.product.Webhook;
import dev.kck.yaml.EnvSubstitution;
import dev.kck.yaml.Section;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Binds a product's {@code webhooks}. The secret alone of a product file is filled from the
 * environment ({@code ${NAME}}), and no message ever repeats it; the URL must be https, or http to
 * a loopback host (a receiver on this machine, in development).
 */
final class WebhookBinder {
  /** Standard Webhooks: signing keys of 24 to 64 bytes. */
  static final int MIN_KEY_BYTES = 24;
  static final int MAX_KEY_BYTES = 64;

  private final Section s;
  private final EnvSubstitution env;

  WebhookBinder(Section section, EnvSubstitution env) {
    this.s = section;
    this.env = env;
  }

  /** The webhooks; those with problems are left out (the problems are recorded). */
  List<Webhook> bind() {
    List<Webhook> hooks = new ArrayList<>();
    Set<URI> urls = new HashSet<>();
    for (Section hook : s.sections("webhooks")) {
      Webhook bound = webhook(hook);
      if (bound != null && !urls.add(bound.url())) {
        hook.problem("url", "another webhook of this product has the URL " + bound.url());
      } else if (bound != null) {
        hooks.add(bound);
      }
    }
    return hooks;
  }

  private Webhook webhook(Section hook) {
    URI url = url(hook);
    String secret = secret(hook);
    List<String> events = events(hook);
    Webhook.Body body = body(hook);
    hook.finish();
    return url == null || secret == null || events == null || body == null ? null
        : new Webhook(url, secret, events, body);
  }

  private static URI url(Section hook) {
    String text = hook.requiredString("url");
    if (text == null) {
      return null;
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      hook.problem("url", "not a URL: " + e.getReason());
      return null;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      hook.problem("url", "expected an absolute https URL, got '" + text + "'");
      return null;
    }
    if (scheme.equals("http") && !LoopbackHosts.isLoopback(url.getHost())) {
      hook.problem("url", "must be https (http only to a loopback host such as 127.0.0.1), got '" + text + "'");
      return null;
    }
    if (url.getRawUserInfo() != null) {
      hook.problem("url", "must not carry a user name or password; the secret signs each delivery");
      return null;
    }
    return url;
  }

  /** The secret after substitution; every message names the field, never the value. */
  private String secret(Section hook) {
    String raw = hook.requiredString("secret");
    if (raw == null) {
      return null;
    }
    boolean[] failed = {false};
    String secret = env.apply(raw, message -> {
      hook.problem("secret", message);
      failed[0] = true;
    });
    if (failed[0]) {
      return null;
    }
    String problem = secretProblem(secret);
    if (problem != null) {
      hook.problem("secret", problem);
      return null;
    }
    return secret;
  }

  static String secretProblem(String secret) {
    if (!secret.startsWith(Webhook.SECRET_PREFIX)) {
      return "expected " + Webhook.SECRET_PREFIX + " followed by base64 (a Standard Webhooks secret)";
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(Webhook.SECRET_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return "the part after " + Webhook.SECRET_PREFIX + " is not base64";
    }
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      return "the key after " + Webhook.SECRET_PREFIX + " must be " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES
          + " bytes, it is " + key.length;
    }
    return null;
  }

  private static List<String> events(Section hook) {
    List<String> events = hook.strings("events", List.of("new_version"));
    for (String event : events) {
      if (!Webhook.EVENTS.contains(event)) {
        hook.problem("events", "unknown event '" + event + "'; expected one of " + Webhook.EVENTS);
        return null;
      }
    }
    if (events.isEmpty()) {
      hook.problem("events", "name at least one event, or leave events out for [new_version]");
      return null;
    }
    return events;
  }

  private static Webhook.Body body(Section hook) {
    String text = hook.string("body", "entry");
    return switch (text) {
      case "entry" -> Webhook.Body.ENTRY;
      case "key" -> Webhook.Body.KEY;
      default -> {
        hook.problem("body", "expected entry or key, got '" + text + "'");
        yield null;
      }
    };
  }
}
