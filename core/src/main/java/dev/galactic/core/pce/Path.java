package dev.galactic.core.pce;

import java.util.List;

/**
 * A computed path with what it is predicted to deliver and why it was chosen.
 *
 * @param nodes every node from source to destination
 * @param links the Link resources crossed, in order
 * @param segments the SRv6 segment list: every node after the head-end (strict, hop by hop;
 *                 compressing it to the fewest SIDs is the renderer's job)
 * @param metrics predicted latency, jitter, loss, bandwidth, cost, hops
 * @param why why this path won
 * @param runnerUp the best alternative considered, and why it lost; null when none was
 */
public record Path(List<String> nodes, List<String> links, List<String> segments, PathMetrics metrics, String why,
                   Alternative runnerUp) {

    public Path {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
        segments = List.copyOf(segments);
    }

    /** @param whyLost how it compares with the winner */
    public record Alternative(List<String> nodes, PathMetrics metrics, String whyLost) {
        public Alternative {
            nodes = List.copyOf(nodes);
        }
    }
}
