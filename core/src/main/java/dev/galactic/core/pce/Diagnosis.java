package dev.galactic.core.pce;

/** Why a demand has no path that meets its class: the constraint that breaks, and the link to blame. */
final class Diagnosis {

    private Diagnosis() {}

    /**
     * Takes the best path of the class's objective with its limits relaxed and reports the first
     * limit it breaks; with no such path, whether the exclusions are to blame or nothing is up.
     */
    static Breach of(DemandSolver solver, Demand d) {
        Network g = solver.graph();
        TrafficClass relaxed = d.cls().relaxed();
        Composition comp = solver.compose(d, solver.weights(relaxed, relaxed.objective(), 0));
        Route p = comp.best(g);
        if (p == null) {
            Demand open = d.withoutExclusions();
            Route around = open.view().hasWaypointProblem() ? null : solver.compose(open, solver.weights(relaxed, relaxed.objective(), 0)).best(g);
            return around == null
                    ? new Breach(FailReason.NO_PATH, null, "no path from " + g.nodeName(d.source()) + " to "
                    + g.nodeName(d.target()) + " over links that are up")
                    : new Breach(FailReason.EXCLUSIONS, null, "every path crosses an excluded node or country");
        }
        d.deps().readPath(p.links());
        return Explain.violation(g, d.cls(), p.links(), d.maxHops());
    }
}
