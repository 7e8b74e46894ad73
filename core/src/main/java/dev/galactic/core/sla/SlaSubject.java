package dev.galactic.core.sla;

/**
 * What is monitored: one path of a tenant carrying one traffic class.
 *
 * @param path a stable name for the path, e.g. its two attachments ("siteA->siteB")
 */
public record SlaSubject(String tenant, String trafficClass, String path) {
}
