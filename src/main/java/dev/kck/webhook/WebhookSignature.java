package dev.kck.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature (https://www.standardwebhooks.com): {@code v1,} and the base64
 * of the HMAC-SHA256, keyed with the base64-decoded part of the {@code whsec_} secret, of {@code
 * <webhook-id>.<webhook-timestamp>.<body>}.
 */
public final class WebhookSignature {
  private WebhookSignature() {}

  /** The {@code webhook-signature} header's value. */
  public static String sign(byte[] key, String messageId, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
