package dev.kck.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Hosts that name this machine without asking DNS: localhost, 127.0.0.0/8 and ::1. */
public final class LoopbackHosts {
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

  private LoopbackHosts() {}

  /** The host as a URI gives it ({@code [::1]} with brackets) or as a bare address. */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    return name.equals("localhost") || name.equals("::1") || name.equals("0:0:0:0:0:0:0:1")
        || IPV4_LOOPBACK.matcher(name).matches();
  }
}
