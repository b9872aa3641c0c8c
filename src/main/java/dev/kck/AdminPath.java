package dev.kck;

import dev.kck.auth.Authenticator;
import dev.kck.kernel.BuildInfo;
import dev.kck.refresh.BootPriming;
import dev.kck.service.AdminInsight;
import dev.kck.service.InstanceHeartbeat;
import dev.kck.service.Warming;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What operators use beyond the two admin writes: the admin API's reads ({@link AdminInsight}),
 * warming ({@link Warming}), and this instance's heartbeat, started once the HTTP server knows its
 * port and stopped (leaving the list) before the HTTP server stops.
 */
record AdminPath(AdminInsight insight, Warming warming) {

  static AdminPath build(Core core, ReadPath read, Authenticator authenticator) {
    AdminInsight insight = new AdminInsight(core.products(), authenticator, core.store(), read.planner(),
        core.metrics(), read.schedules(), core.clock());
    BootPriming boot = new BootPriming(core.products(), read.fetcher(), read.domains());
    return new AdminPath(insight, new Warming(core.products(), authenticator, boot, read.planner()));
  }

  static void startHeartbeat(Core core, int port) {
    InstanceHeartbeat heartbeat = new InstanceHeartbeat(core.store().heartbeats(), core.instanceId(),
        hostName(core.config().server().host()) + ":" + port, BuildInfo.version(), core.clock());
    core.lifecycle().started("heartbeat", heartbeat.start(core.scheduler()));
  }

  /** The configured host, or this machine's name when it listens on every address. */
  private static String hostName(String configured) {
    if (!configured.equals("0.0.0.0") && !configured.equals("::")) {
      return configured;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return configured;
    }
  }
}
