package dev.kck.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  @Test
  void signs_the_standard_webhooks_example_as_the_specification_does() {
    // The example of the Standard Webhooks specification and its reference libraries.
    byte[] key = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    String signature = WebhookSignature.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
        "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void backs_off_doubling_from_one_second_up_to_five_minutes() {
    assertThat(WebhookSender.backoff(1)).hasSeconds(1);
    assertThat(WebhookSender.backoff(2)).hasSeconds(2);
    assertThat(WebhookSender.backoff(4)).hasSeconds(8);
    assertThat(WebhookSender.backoff(40)).hasMinutes(5);
  }
}
