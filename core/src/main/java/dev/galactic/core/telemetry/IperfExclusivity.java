package dev.galactic.core.telemetry;

/**
 * Which iperf3 runs may not share time. LINK: never two runs on the same link (either direction).
 * NODE: never two runs touching the same node, because an iperf3 server serves one test at a time
 * and two runs from one node split its uplink, understating both.
 */
public enum IperfExclusivity { LINK, NODE }
