package dev.galactic.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.galactic.controller.store.LinkRollupStore;
import dev.galactic.controller.telemetry.LinkAudience;
import dev.galactic.controller.telemetry.SimulatedTelemetry;
import dev.galactic.controller.telemetry.TelemetryService;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.telemetry.LinkId;
import dev.galactic.core.telemetry.LinkState;
import dev.galactic.core.telemetry.Sample;
import dev.galactic.core.telemetry.SampleBatch;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** HTTP routes of telemetry: ingest, link states, probe plans, and the simulator's impairments. */
public final class TelemetryRoutes implements ApiServer.Routes {

    /** Samples travel in Jackson's default shape, the one agents write. */
    static final ObjectMapper SAMPLES = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
    private static final ObjectMapper JSON = ResourceCodec.json();

    /** The history is persisted for 7 days. */
    public static final QueryParam.Bounded MINUTES = new QueryParam.Bounded("minutes", 1, 7 * 24 * 60, 60L,
            "the window up to now, when from is not given");
    public static final QueryParam.Choice FORMAT = new QueryParam.Choice("format", List.of("jsonl", "csv"), "jsonl",
            "JSON Lines (one sample per line, the agents' encoding) or CSV");

    private final TelemetryService telemetry;
    private final SimulatedTelemetry simulation;
    private final Clock clock;

    /** @param simulation null when the controller takes telemetry from real agents only */
    public TelemetryRoutes(TelemetryService telemetry, SimulatedTelemetry simulation, Clock clock) {
        this.telemetry = telemetry;
        this.simulation = simulation;
        this.clock = clock;
    }

    @Override
    public void accept(JavalinConfig config) {
        var r = config.routes;
        r.post("/api/v1/telemetry", this::ingest);
        r.get("/api/v1/linkstates", this::linkStates);
        r.get("/api/v1/probeplans/{node}", this::probePlan);
        r.get("/api/v1/linkstates/{from}/{to}/history", this::history);
        r.get("/api/v1/telemetry/export", this::export);
        r.get("/api/v1/simulation/impairments", this::listImpairments);
        r.post("/api/v1/simulation/impairments", this::impair);
        r.delete("/api/v1/simulation/impairments/{a}/{b}", this::clearImpairment);
    }

    private void ingest(Context ctx) throws InterruptedException {
        ApiServer.requireOperator(ctx);
        SampleBatch batch;
        try {
            batch = SAMPLES.readValue(ctx.body(), SampleBatch.class);
        } catch (JsonProcessingException e) {
            throw Problem.error(400, "malformed", "Malformed sample batch", e.getOriginalMessage());
        }
        if (batch == null || batch.agentId() == null || batch.samples() == null) {
            throw Problem.error(422, "invalid", "Invalid sample batch", "a batch needs agentId, sequence and samples");
        }
        TelemetryService.Accepted a;
        try {
            a = telemetry.submit(batch, TelemetryService.Encoding.JSON).get();
        } catch (TelemetryService.Saturated e) {
            ctx.header("Retry-After", "1");
            throw Problem.error(429, "saturated", "Ingest saturated", e.getMessage());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (!a.batchAccepted()) {
            // refused as a whole, so an error like every other: each reason is one entry of errors
            throw new Problem.Exception(new Problem("urn:galactic:problem:invalid", "Sample batch refused", 422,
                    a.rejections().size() + " reason(s); no sample of the batch was taken",
                    a.rejections().stream().map(why -> new Problem.FieldProblem(null, null, null, why)).toList()));
        }
        ObjectNode out = JSON.createObjectNode().put("batchAccepted", true).put("acceptedSamples", a.samples());
        a.rejections().forEach(out.putArray("rejections")::add);
        ApiServer.send(ctx, 202, out);
    }

    private void linkStates(Context ctx) {
        ArrayNode items = JSON.createArrayNode();
        LinkAudience audience = telemetry.audience();
        dev.galactic.core.model.Caller caller = ApiServer.caller(ctx);
        for (Map.Entry<LinkId, LinkState> e : new java.util.TreeMap<>(telemetry.linkStates()).entrySet()) {
            if (audience.visibleTo(caller, e.getKey())) items.add(TelemetryService.json(e.getValue()));
        }
        ApiServer.send(ctx, 200, JSON.createObjectNode().set("items", items));
    }

    /** What telemetry can hold: epoch nanoseconds in a long. A time outside overflowed the conversion. */
    private static final Instant EARLIEST = Instant.EPOCH, LATEST = dev.galactic.core.telemetry.EpochNanos.instant(Long.MAX_VALUE);

    private Instant instant(Context ctx, String param, Instant fallback) {
        String v = ctx.queryParam(param);
        if (v == null) return fallback;
        try {
            Instant t = Instant.parse(v);
            if (!t.isBefore(EARLIEST) && !t.isAfter(LATEST)) return t;
        } catch (java.time.format.DateTimeParseException e) {
            // answered below, with what is accepted
        }
        throw Problem.error(400, "bad-parameter", "Bad " + param, param + " must be an RFC 3339 time like 2026-11-25T10:00:00Z, from "
                + EARLIEST + " to " + LATEST + ", not \"" + (v.length() > 64 ? v.substring(0, 64) + "…" : v) + "\"");
    }

    /** Rollups of one directed link: ?minutes=60 (default) or ?from=&to=. */
    private void history(Context ctx) {
        Instant now = clock.instant();
        long minutes = MINUTES.read(ctx);
        Instant from = instant(ctx, "from", now.minus(java.time.Duration.ofMinutes(minutes)));
        Instant to = instant(ctx, "to", now);
        LinkId link = LinkId.of(ctx.pathParam("from"), ctx.pathParam("to"));
        // another tenant's edge answers like a link that was never measured: nothing to learn from it
        boolean visible = telemetry.audience().visibleTo(ApiServer.caller(ctx), link);
        ArrayNode items = JSON.createArrayNode();
        for (LinkRollupStore.LinkRollup p : visible ? telemetry.history().history(link, from, to) : List.<LinkRollupStore.LinkRollup>of()) {
            ObjectNode n = items.addObject().put("at", p.at().toString()).put("status", p.status()).put("samples", p.samples());
            if (p.latencyMs() != null) n.put("latencyMs", p.latencyMs());
            if (p.jitterMs() != null) n.put("jitterMs", p.jitterMs());
            if (p.lossPercent() != null) n.put("lossPercent", p.lossPercent());
            if (p.p95Ms() != null) n.put("p95Ms", p.p95Ms());
        }
        ApiServer.send(ctx, 200, JSON.createObjectNode().set("items", items));
    }

    /**
     * Raw samples still in memory for a time range, as JSON Lines (one sample per line, the
     * agents' encoding) or CSV: ?from=&to=&link=FROM,TO&format=jsonl|csv.
     */
    private void export(Context ctx) throws JsonProcessingException {
        ApiServer.requireOperator(ctx);
        Instant now = clock.instant();
        long from = dev.galactic.core.telemetry.EpochNanos.of(instant(ctx, "from", now.minus(java.time.Duration.ofMinutes(5))));
        long to = dev.galactic.core.telemetry.EpochNanos.of(instant(ctx, "to", now));
        String link = ctx.queryParam("link");
        LinkId only = null;
        if (link != null) {
            String[] ab = link.split(",");
            if (ab.length != 2) throw Problem.error(400, "bad-parameter", "Bad link", "link is FROM,TO, like fra,ams");
            only = LinkId.of(ab[0].trim(), ab[1].trim());
        }
        LinkId filterLink = only;
        String format = FORMAT.read(ctx);
        List<Sample> samples = telemetry.history().raw(x -> x.timestampNanos() >= from && x.timestampNanos() <= to
                && (filterLink == null || x.link().equals(filterLink)));
        StringBuilder out = new StringBuilder();
        switch (format) {
            case "jsonl" -> {
                for (Sample x : samples) out.append(SAMPLES.writeValueAsString(x)).append('\n');
                ctx.contentType("application/jsonl");
            }
            case "csv" -> {
                out.append("kind,from,to,type,timestamp,sequence,rtt_ms,lost,mbps,loss_percent\n");
                for (Sample x : samples) {
                    String ts = dev.galactic.core.telemetry.EpochNanos.instant(x.timestampNanos()).toString();
                    switch (x) {
                        case Sample.Echo e -> out.append("echo,").append(e.link().from()).append(',').append(e.link().to()).append(',')
                                .append(e.type().name().toLowerCase()).append(',').append(ts).append(',').append(e.sequence()).append(',')
                                .append(e.lost() ? "" : String.valueOf(e.rttNanos() / 1e6)).append(',').append(e.lost()).append(",,\n");
                        case Sample.Bandwidth b -> out.append("bandwidth,").append(b.link().from()).append(',').append(b.link().to())
                                .append(",iperf,").append(ts).append(",,,false,").append(b.mbps()).append(',').append(b.lossPercent()).append('\n');
                    }
                }
                ctx.contentType("text/csv");
            }
            default -> throw new IllegalStateException("format " + format + " was accepted but has no writer");
        }
        ctx.header("Content-Disposition", "attachment; filename=galactic-telemetry." + format);
        ctx.result(out.toString());
    }

    private void probePlan(Context ctx) {
        ApiServer.requireOperator(ctx);
        String node = ctx.pathParam("node");
        if (!telemetry.probePlan().nodes().containsKey(node)) {
            throw Problem.error(404, "not-found", "Not found", "no probe plan for node \"" + node + "\"");
        }
        ApiServer.send(ctx, 200, SAMPLES.valueToTree(telemetry.probePlan().forNode(node)));
    }

    private SimulatedTelemetry simulation() {
        if (simulation == null) {
            throw Problem.error(404, "not-found", "Simulation is off", "this controller takes telemetry from agents; impairments exist in the demo only (and in the lab: galactic lab impair)");
        }
        return simulation;
    }

    private void listImpairments(Context ctx) {
        ArrayNode items = JSON.createArrayNode();
        simulation().impairments().forEach(i -> items.add(JSON.valueToTree(i)));
        ApiServer.send(ctx, 200, JSON.createObjectNode().set("items", items));
    }

    private void impair(Context ctx) {
        ApiServer.requireOperator(ctx);
        SimulatedTelemetry sim = simulation();
        JsonNode b;
        try {
            b = JSON.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw Problem.error(400, "malformed", "Malformed JSON", e.getOriginalMessage());
        }
        List<Problem.FieldProblem> errors = new java.util.ArrayList<>();
        if (!b.isObject()) errors.add(new Problem.FieldProblem(null, null, "", "an impairment is an object: {a, b, delayMs, jitterMs, lossPercent, seconds}"));
        b.fieldNames().forEachRemaining(f -> {
            if (!java.util.Set.of("a", "b", "delayMs", "jitterMs", "lossPercent", "seconds").contains(f)) {
                errors.add(new Problem.FieldProblem(null, null, "/" + f, "unknown field; an impairment has a, b, delayMs, jitterMs, lossPercent and seconds"));
            }
        });
        String a = nodeName(b, "a", errors), z = nodeName(b, "b", errors);
        double delay = number(b, "delayMs", 0, 0, 60_000, errors), jitter = number(b, "jitterMs", 0, 0, 60_000, errors);
        double loss = number(b, "lossPercent", 0, 0, 100, errors);
        long seconds = (long) number(b, "seconds", 60, 1, 86_400, errors);
        if (b.has("seconds") && b.get("seconds").isNumber() && !b.get("seconds").isIntegralNumber()) {
            errors.add(new Problem.FieldProblem(null, null, "/seconds", "must be a whole number of seconds, not " + b.get("seconds")));
        }
        if (!errors.isEmpty()) throw new Problem.Exception(new Problem("urn:galactic:problem:invalid", "Invalid impairment", 422, errors.size() + " problem(s)", errors));
        SimulatedTelemetry.Impairment i = new SimulatedTelemetry.Impairment(a, z, delay, jitter, loss, clock.instant().plusSeconds(seconds));
        sim.impair(i);
        ApiServer.send(ctx, 201, JSON.valueToTree(i));
    }

    private static String nodeName(JsonNode body, String field, List<Problem.FieldProblem> errors) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            errors.add(new Problem.FieldProblem(null, null, "/" + field, "a node name (a string) is required"));
            return null;
        }
        return v.textValue();
    }

    /** A JSON number from {@code min} to {@code max}; absent: {@code otherwise}. Text, NaN and infinities are refused. */
    private static double number(JsonNode body, String field, double otherwise, double min, double max, List<Problem.FieldProblem> errors) {
        JsonNode v = body.get(field);
        if (v == null) return otherwise;
        if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || v.doubleValue() < min || v.doubleValue() > max) {
            errors.add(new Problem.FieldProblem(null, null, "/" + field, "must be a number from " + fmt(min) + " to " + fmt(max) + ", not " + v));
            return otherwise;
        }
        return v.doubleValue();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private void clearImpairment(Context ctx) {
        ApiServer.requireOperator(ctx);
        simulation().clear(ctx.pathParam("a"), ctx.pathParam("b"));
        ApiServer.send(ctx, 200, JSON.createObjectNode().put("cleared", ctx.pathParam("a") + " - " + ctx.pathParam("b")));
    }
}
