package dev.kck.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports nobody listens on at the moment of asking, for the servers that tests and the benchmark
 * start. Another process may take the port before it is used; on a test machine that is rare.
 */
public final class FreePorts {

  private FreePorts() {}

  public static int on(InetAddress address) {
    try (ServerSocket socket = new ServerSocket(0, 1, address)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + address, e);
    }
  }

  public static int onLoopback() {
    return on(InetAddress.getLoopbackAddress());
  }
}
