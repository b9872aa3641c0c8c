package dev.kck.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventStreamsTest {

  @Test
  void streams_when_the_accept_admits_an_event_stream() {
    assertThat(EventStreams.accepted(null)).isTrue();
    assertThat(EventStreams.accepted("")).isTrue();
    assertThat(EventStreams.accepted("text/event-stream")).isTrue();
    assertThat(EventStreams.accepted("application/json, text/event-stream;q=0.5")).isTrue();
    assertThat(EventStreams.accepted("*/*")).isTrue();
    assertThat(EventStreams.accepted("text/*")).isTrue();
    assertThat(EventStreams.accepted("TEXT/EVENT-STREAM")).isTrue();
  }

  @Test
  void refuses_when_it_does_not() {
    assertThat(EventStreams.accepted("application/json")).isFalse();
    assertThat(EventStreams.accepted("text/html, application/xhtml+xml")).isFalse();
    assertThat(EventStreams.accepted("text/event-stream;q=0")).isFalse();
    assertThat(EventStreams.accepted("*/*, text/event-stream;q=0")).as("the most specific range decides").isFalse();
    assertThat(EventStreams.accepted("text/*;q=0, */*")).isFalse();
  }
}
