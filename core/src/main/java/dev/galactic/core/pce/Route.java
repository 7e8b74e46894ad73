package dev.galactic.core.pce;

/**
 * A path as directed link indices, with how it was found and the alternative it beat.
 *
 * @param beaten the best alternative that lost (for the explanation), or null
 * @param composed the composed candidates of the class's additive weights it was chosen from, or null
 */
record Route(int[] links, How how, Route beaten, Composition composed) {

    Route(int[] links, How how, Route beaten) { this(links, how, beaten, null); }

    enum How { LOCAL, COMPOSED, CONSTRAINED }

    static Route local(Network g) { return new Route(new int[0], How.LOCAL, null); }

    /** The same route with the alternative it beat and the candidates it came from (reused for backups). */
    Route withRunnerUp(Route r, Composition from) { return new Route(links, how, r, from); }

    PathMetrics metrics(Network g, TrafficClass cls) { return PathMetrics.evaluate(g, links, cls); }
}
