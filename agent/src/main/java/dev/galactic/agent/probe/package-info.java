/**
 * The agent's probe engine: the UDP reflector every agent runs, probers for UDP, TCP connect,
 * HTTP, ICMP (the system ping) and iperf3, and the scheduler that runs a
 * {@link dev.galactic.core.telemetry.NodeProbePlan} and hands {@link dev.galactic.core.telemetry.SampleBatch}es
 * to a {@link dev.galactic.agent.probe.SampleSink}.
 */
package dev.galactic.agent.probe;
