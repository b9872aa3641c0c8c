package dev.kck.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A child process for {@link LongPollLoadIT}: holds {@code count} long polls of one key open at
 * once on one selector thread (a process of its own, so that its sockets do not count against the
 * server JVM's file limit), then reports how they were answered. Lines on stdout: {@code SENT n}
 * once every request is out, {@code DONE status=count ... last_ms=N} when every one is answered
 * (last_ms: from the first answer to the last).
 *
 * <p>Arguments: host port path etag count.
 */
public final class PollFlood {
  private static final int CONNECTING_AT_ONCE = 64;
  private static final long GIVE_UP_NANOS = 180_000_000_000L;

  private PollFlood() {}

  private static final class Poll {
    final ByteBuffer request;
    final StringBuilder head = new StringBuilder();

    Poll(byte[] request) {
      this.request = ByteBuffer.wrap(request);
    }
  }

  public static void main(String[] args) throws IOException {
    InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    byte[] request = ("GET " + args[2] + " HTTP/1.1\r\nHost: " + args[0] + "\r\nIf-None-Match: " + args[3]
        + "\r\nPrefer: wait=60\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    int count = Integer.parseInt(args[4]);
    Map<String, Integer> statuses = new TreeMap<>();
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    long started = System.nanoTime();
    long firstAnswer = 0;
    int opened = 0;
    int sent = 0;
    int answered = 0;
    try (Selector selector = Selector.open()) {
      while (answered < count && System.nanoTime() - started < GIVE_UP_NANOS) {
        while (opened < count && opened - sent < CONNECTING_AT_ONCE) {
          SocketChannel channel = SocketChannel.open();
          channel.configureBlocking(false);
          channel.connect(server);
          channel.register(selector, SelectionKey.OP_CONNECT, new Poll(request));
          opened++;
        }
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel channel = (SocketChannel) key.channel();
          Poll poll = (Poll) key.attachment();
          try {
            if (key.isConnectable() && channel.finishConnect()) {
              channel.write(poll.request);
              key.interestOps(SelectionKey.OP_READ);
              if (++sent == count) {
                System.out.println("SENT " + sent);
              }
            } else if (key.isReadable()) {
              buffer.clear();
              int read = channel.read(buffer);
              if (read > 0 && poll.head.length() < 64) {
                poll.head.append(new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1));
              }
              if (read < 0) {
                firstAnswer = firstAnswer == 0 ? System.nanoTime() : firstAnswer;
                String head = poll.head.toString();
                statuses.merge(head.length() >= 12 ? head.substring(9, 12) : "none", 1, Integer::sum);
                answered++;
                key.cancel();
                channel.close();
              }
            }
          } catch (IOException e) {
            statuses.merge("error", 1, Integer::sum);
            answered++;
            sent += key.isConnectable() ? 1 : 0;
            key.cancel();
            channel.close();
          }
        }
        selector.selectedKeys().clear();
      }
    }
    StringBuilder done = new StringBuilder("DONE");
    statuses.forEach((status, n) -> done.append(' ').append(status).append('=').append(n));
    done.append(" last_ms=").append(firstAnswer == 0 ? -1 : (System.nanoTime() - firstAnswer) / 1_000_000);
    System.out.println(done);
  }
}
