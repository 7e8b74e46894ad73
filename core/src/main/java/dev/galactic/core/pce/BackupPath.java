package dev.galactic.core.pce;

/**
 * A precomputed alternative an agent can switch to locally when its probes see the primary fail.
 *
 * @param path the backup path
 * @param disjointness how much it shares with the primary
 * @param meetsClass whether it meets the class's limits too (else it is best effort)
 */
public record BackupPath(Path path, Disjointness disjointness, boolean meetsClass) {

    /** NODE: shares no node but the ends; LINK: shares no link (either direction). */
    public enum Disjointness { NODE, LINK }
}
