/**
 * SLA evaluation: a path's links and their measured states against a traffic class's
 * thresholds, with root-cause hints; and the monitor that turns evaluations into violation
 * events and compliance history. Deterministic: time is a parameter.
 */
package dev.galactic.core.sla;
