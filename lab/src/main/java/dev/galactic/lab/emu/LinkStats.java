package dev.galactic.lab.emu;

/**
 * Counters of an emulated link, one set per direction.
 *
 * @param impairedAtEpochNanos when the impairment in force was applied (wall clock, so other
 *                             processes can line it up with their own observations); 0: never changed
 */
public record LinkStats(String link, Impairment aToBImpairment, Impairment bToAImpairment, Direction aToB, Direction bToA,
                        long impairedAtEpochNanos) {

    /**
     * @param received frames read from the source device
     * @param sent frames written to the far device
     * @param lost frames dropped on purpose (the configured loss)
     * @param overflowed frames dropped because too many were in flight
     * @param errors failed reads or writes (e.g. the far device was down)
     * @param inFlight frames held right now
     */
    public record Direction(long received, long sent, long lost, long overflowed, long errors, int inFlight) {
    }
}
