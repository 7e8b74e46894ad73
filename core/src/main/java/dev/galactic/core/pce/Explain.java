package dev.galactic.core.pce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns routes into explained {@link Path}s and failed demands into {@link Breach}es. */
final class Explain {

    private Explain() {}

    /** The route as a path; its explanation is rendered when first read (see {@link Path}). */
    static Path path(Network g, TrafficClass cls, Route r, int maxHops) {
        PathMetrics m = r.metrics(g, cls);
        PathNames names = g.pathNames();
        Path.Alternative runnerUp = null;
        if (r.beaten() != null) {
            int[] beaten = r.beaten().links();
            PathMetrics b = r.beaten().metrics(g, cls);
            // A runner-up that breaks the class is explained by the link to blame, which only
            // this network can name: that text is written now.
            runnerUp = Feasibility.meets(b, cls, maxHops)
                    ? new Path.Alternative(names, beaten, b, cls)
                    : new Path.Alternative(names, beaten, b, violation(g, cls, beaten, maxHops).detail());
        }
        return new Path(names, r.links(), m, r.how(), cls, maxHops, runnerUp);
    }

    /** Why a path found this way won, e.g. "best latency 9.400 ms over the links fast admits (hops <= 6)". */
    static String why(Route.How how, TrafficClass cls, PathMetrics m, int maxHops) {
        return switch (how) {
            case LOCAL -> "both sites attach at the same node";
            case COMPOSED -> score(new StringBuilder(160).append("best "), cls, m)
                    .append(" over the links ").append(cls.name()).append(" admits").append(limits(cls, maxHops)).toString();
            case CONSTRAINED -> score(new StringBuilder(192).append("best "), cls, m)
                    .append(" among paths within every limit").append(limits(cls, maxHops))
                    .append(" (exact constrained search)").toString();
        };
    }

    /** How an alternative that met the class compares with the winner, e.g. "worse latency 8.000 ms vs latency 6.000 ms". */
    static String worse(TrafficClass cls, PathMetrics loser, PathMetrics winner) {
        return score(score(new StringBuilder(96).append("worse "), cls, loser).append(" vs "), cls, winner).toString();
    }

    /** Appends the class's objective as measured on a path, e.g. "latency 9.400 ms". */
    private static StringBuilder score(StringBuilder sb, TrafficClass cls, PathMetrics m) {
        switch (cls.objective()) {
            case COST -> fixed(num(sb.append("cost "), m.cost()).append(" (latency "), m.latencyMs(), 3).append(" ms)");
            case LATENCY -> {
                fixed(sb.append("latency "), m.latencyMs(), 3).append(" ms");
                if (cls.fec() != null) {
                    fixed(sb.append(" (residual loss "), m.residualLossPercent(), 6).append("% after FEC ").append(cls.fec().k())
                            .append('/').append(cls.fec().n()).append(", usable ");
                    if (m.usableBandwidthMbps() == null) sb.append("unlimited"); else num(sb, m.usableBandwidthMbps());
                    sb.append(" Mbit/s)");
                }
            }
            case WIDEST -> {
                sb.append("bottleneck ");
                if (m.bandwidthMbps() == null) sb.append("unlimited"); else num(sb, m.bandwidthMbps()).append(" Mbit/s");
                fixed(sb.append(", then latency "), m.latencyMs(), 3).append(" ms");
            }
        }
        return sb;
    }

    /** Fixed-point text without java.util.Formatter, which is slow in the per-demand path. */
    static String fixed(double x, int decimals) {
        return fixed(new StringBuilder(24), x, decimals).toString();
    }

    /** Appends x with {@code decimals} digits after the point (rounded half up on |x|). */
    private static StringBuilder fixed(StringBuilder sb, double x, int decimals) {
        if (!Double.isFinite(x) || Math.abs(x) > 1e12) return sb.append(Double.toString(x));
        long scale = (long) Math.pow(10, decimals);
        long v = Math.round(Math.abs(x) * scale);
        long frac = v % scale;
        if (x < 0 && v != 0) sb.append('-');
        sb.append(v / scale).append('.');
        int digits = 1;
        for (long f = frac; f >= 10; f /= 10) digits++;
        for (int i = digits; i < decimals; i++) sb.append('0');
        return sb.append(frac);
    }

    /** The limits clause of a class, built once per class and hop limit: every path of the class repeats it. */
    private static String limits(TrafficClass cls, int maxHops) {
        TrafficClass.Text cached = cls.limitsText;
        if (cached != null && cached.maxHops() == maxHops) return cached.text();
        String text = buildLimits(cls, maxHops);
        cls.limitsText = new TrafficClass.Text(maxHops, text);
        return text;
    }

    private static String buildLimits(TrafficClass cls, int maxHops) {
        List<String> parts = new ArrayList<>();
        if (cls.maxLatencyMs() < Double.POSITIVE_INFINITY) parts.add("latency <= " + num(cls.maxLatencyMs()) + " ms");
        if (cls.maxJitterMs() < Double.POSITIVE_INFINITY) parts.add("jitter <= " + num(cls.maxJitterMs()) + " ms");
        if (cls.maxLoss() < 1) parts.add("loss <= " + num(cls.maxLoss() * 100) + "%");
        if (cls.zeroLoss()) parts.add("no measured loss");
        if (cls.minBandwidthMbps() > 0) parts.add("bandwidth >= " + num(cls.minBandwidthMbps()) + " Mbit/s");
        if (maxHops > 0) parts.add("hops <= " + maxHops);
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static String num(double x) {
        return num(new StringBuilder(16), x).toString();
    }

    /** Appends x as an integer when it is one, else with 3 decimals. */
    private static StringBuilder num(StringBuilder sb, double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? sb.append((long) x) : fixed(sb, x, 3);
    }

    /**
     * Why a path breaks its class: the first link-local limit it breaks (naming the worst link
     * for it), else the first path budget (naming the link that contributes most).
     */
    static Breach violation(Network g, TrafficClass cls, int[] links, int maxHops) {
        for (FailReason reason : List.of(FailReason.LINK_DOWN, FailReason.ZERO_LOSS, FailReason.LOSS, FailReason.FEC_RESIDUAL_LOSS,
                FailReason.JITTER, FailReason.LATENCY, FailReason.BANDWIDTH)) {
            int worst = -1;
            for (int l : links) {
                if (cls.firstBrokenFilter(g, l, 0) != reason) continue;
                if (worst < 0 || badness(g, cls, reason, l) > badness(g, cls, reason, worst)) worst = l;
            }
            if (worst >= 0) return new Breach(reason, g.linkId(worst), linkDetail(g, cls, reason, worst));
        }
        PathMetrics m = PathMetrics.evaluate(g, links, cls);
        if (m.latencyMs() > cls.maxLatencyMs() * (1 + 1e-9) + 1e-12) {
            int worst = argmax(links, l -> g.latencyMs(l));
            return new Breach(FailReason.LATENCY, g.linkId(worst), String.format(Locale.ROOT,
                    "latency %.3f ms > %s ms on the best path; largest share %.3f ms on %s", m.latencyMs(), num(cls.maxLatencyMs()),
                    g.latencyMs(worst), g.describeLink(worst)));
        }
        if (m.jitterMs() > cls.maxJitterMs() * (1 + 1e-9) + 1e-12) {
            int worst = argmax(links, l -> g.jitterMs(l));
            return new Breach(FailReason.JITTER, g.linkId(worst), String.format(Locale.ROOT,
                    "jitter %.3f ms > %s ms on the best path; largest share %.3f ms on %s", m.jitterMs(), num(cls.maxJitterMs()),
                    g.jitterMs(worst), g.describeLink(worst)));
        }
        if (m.residualLossPercent() / 100 > cls.maxLoss() * (1 + 1e-9) + 1e-12) {
            int worst = argmax(links, l -> cls.effectiveLoss(g, l));
            return new Breach(cls.fec() == null ? FailReason.LOSS : FailReason.FEC_RESIDUAL_LOSS, g.linkId(worst),
                    String.format(Locale.ROOT, "loss %.4f%% > %s%% on the best path; largest share %.4f%% on %s",
                            m.residualLossPercent(), num(cls.maxLoss() * 100), cls.effectiveLoss(g, worst) * 100, g.describeLink(worst)));
        }
        if (maxHops > 0 && m.hops() > maxHops) {
            return new Breach(FailReason.MAX_HOPS, null, "the best path has " + m.hops() + " hops > " + maxHops);
        }
        return new Breach(FailReason.COMBINED_CONSTRAINTS, null,
                "each limit can be met alone, but no path meets them all" + limits(cls, maxHops));
    }

    private static double badness(Network g, TrafficClass cls, FailReason reason, int l) {
        return switch (reason) {
            case ZERO_LOSS, LOSS, FEC_RESIDUAL_LOSS -> cls.effectiveLoss(g, l);
            case JITTER -> g.jitterMs(l);
            case LATENCY -> g.latencyMs(l);
            case BANDWIDTH -> -cls.usableBandwidth(g, l);
            default -> 0;
        };
    }

    private static String linkDetail(Network g, TrafficClass cls, FailReason reason, int l) {
        String on = " on " + g.describeLink(l);
        return switch (reason) {
            case LINK_DOWN -> "link down" + on;
            case ZERO_LOSS -> String.format(Locale.ROOT, "loss %.4f%% > 0%%", g.lossFraction(l) * 100) + on;
            case LOSS, FEC_RESIDUAL_LOSS -> String.format(Locale.ROOT, "%sloss %.4f%% > %s%%", cls.fec() == null ? "" : "residual ",
                    cls.effectiveLoss(g, l) * 100, num(cls.maxLoss() * 100)) + on;
            case JITTER -> String.format(Locale.ROOT, "jitter %.3f ms > %s ms", g.jitterMs(l), num(cls.maxJitterMs())) + on;
            case LATENCY -> String.format(Locale.ROOT, "latency %.3f ms > %s ms", g.latencyMs(l), num(cls.maxLatencyMs())) + on;
            case BANDWIDTH -> String.format(Locale.ROOT, "usable bandwidth %s Mbit/s < %s Mbit/s", num(cls.usableBandwidth(g, l)),
                    num(cls.minBandwidthMbps())) + on;
            default -> reason + on;
        };
    }

    private static int argmax(int[] links, java.util.function.IntToDoubleFunction f) {
        int best = links[0];
        for (int l : links) if (f.applyAsDouble(l) > f.applyAsDouble(best)) best = l;
        return best;
    }
}
