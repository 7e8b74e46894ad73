/**
 * The pure core of Galactic: resource model and validation, path computation, telemetry
 * math, SLA evaluation and rendering. No I/O, no threads, no clocks: time is a parameter.
 */
package dev.galactic.core;
