package dev.galactic.core.pce;

/**
 * A path as directed link indices, with how it was found and the alternative it beat.
 *
 * @param beaten the best alternative that lost (for the explanation), or null
 */
record Route(int[] links, How how, Route beaten) {

    enum How { LOCAL, COMPOSED, CONSTRAINED }

    static Route local(Network g) { return new Route(new int[0], How.LOCAL, null); }

    Route withRunnerUp(Route r) { return new Route(links, how, r); }

    PathMetrics metrics(Network g, TrafficClass cls) { return PathMetrics.evaluate(g, links, cls); }
}
