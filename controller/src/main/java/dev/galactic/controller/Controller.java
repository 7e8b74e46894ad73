package dev.galactic.controller;

import dev.galactic.controller.agents.AgentSessions;
import dev.galactic.controller.bgp.BgpMetrics;
import dev.galactic.controller.bgp.RouteService;
import dev.galactic.controller.api.AgentEndpoint;
import dev.galactic.controller.api.ApiServer;
import dev.galactic.controller.api.ConfigRoutes;
import dev.galactic.controller.api.PathRoutes;
import dev.galactic.controller.api.RouteRoutes;
import dev.galactic.controller.api.TelemetryRoutes;
import dev.galactic.controller.api.WebhookRoutes;
import dev.galactic.controller.events.EventHub;
import dev.galactic.controller.events.ResourceEvents;
import dev.galactic.controller.loop.ControlLoop;
import dev.galactic.controller.status.ConditionReporter;
import dev.galactic.controller.loop.Publisher;
import dev.galactic.core.image.NetworkImage;
import dev.galactic.controller.metrics.ControllerMetrics;
import dev.galactic.controller.paths.PathService;
import dev.galactic.controller.render.ConfigService;
import dev.galactic.controller.sid.SidService;
import dev.galactic.controller.sla.SlaService;
import dev.galactic.controller.telemetry.SimulatedTelemetry;
import dev.galactic.controller.telemetry.TelemetryHistory;
import dev.galactic.controller.telemetry.TelemetryService;
import dev.galactic.controller.webhooks.WebhookDispatcher;
import dev.galactic.core.sid.SidLayout;
import dev.galactic.controller.store.BgpSessionStore;
import dev.galactic.controller.store.Database;
import dev.galactic.controller.store.LinkRollupStore;
import dev.galactic.controller.store.NodeConfigStore;
import dev.galactic.controller.store.NodePublicKeyStore;
import dev.galactic.controller.store.ResourceStore;
import dev.galactic.controller.store.SidAllocationStore;
import dev.galactic.controller.store.TokenStore;
import dev.galactic.controller.store.WebhookDeliveryStore;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;

/** A running controller: store, intent service and HTTP server, started and stopped together. */
public final class Controller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final ControllerConfig config;
    private final Database db;
    private final ResourceService resources;
    private final ControlLoop loop;
    private final EventHub events;
    private final SidService sids;
    private final TelemetryService telemetry;
    private final SimulatedTelemetry simulation;
    private final WebhookDispatcher webhooks;
    private final ConfigService configs;
    private final PathService paths;
    private final RouteService routes;
    private final TokenStore tokens;
    private final Javalin http;
    private final String newAdminToken;

    private Controller(ControllerConfig config, Database db, ResourceService resources, ControlLoop loop, EventHub events, SidService sids,
                       TelemetryService telemetry, SimulatedTelemetry simulation, WebhookDispatcher webhooks,
                       ConfigService configs, PathService paths, RouteService routes, TokenStore tokens, Javalin http, String newAdminToken) {
        this.paths = paths;
        this.routes = routes;
        this.webhooks = webhooks;
        this.configs = configs;
        this.sids = sids;
        this.telemetry = telemetry;
        this.simulation = simulation;
        this.config = config;
        this.db = db;
        this.resources = resources;
        this.loop = loop;
        this.events = events;
        this.tokens = tokens;
        this.http = http;
        this.newAdminToken = newAdminToken;
    }

    public static Controller start(ControllerConfig config, List<ApiServer.Routes> extraRoutes) {
        Clock clock = Clock.systemUTC();
        Database db = config.databaseUrl() == null
                ? Database.sqlite(config.dataDir().resolve("galactic.db"))
                : Database.postgres(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        // what has started so far, closed in reverse if a later step fails (a port in use, say):
        // a failed start must leave no thread behind writing to the closed database
        java.util.Deque<Runnable> started = new java.util.ArrayDeque<>();
        try {
            ResourceStore store = new ResourceStore(db);
            TokenStore tokens = new TokenStore(db);
            String adminToken = null;
            if (!tokens.hasAdmin()) {
                adminToken = tokens.create(null, "first operator token", clock.instant()).secret();
                writeSecret(config.adminTokenFile(), adminToken);
            }
            SidLayout layout = SidLayout.DEFAULT;
            ResourceService resources = new ResourceService(store, clock, new dev.galactic.core.model.ValidationConfig(layout, config.webhookTargets()));
            EventHub events = new EventHub(clock, EventHub.RETAINED, new dev.galactic.controller.store.EventStore(db, EventHub.LOGGED));
            ControllerMetrics metrics = new ControllerMetrics(resources, events);
            TelemetryService telemetry = new TelemetryService(clock, events, metrics.registry(), 100,
                    new TelemetryHistory(new LinkRollupStore(db), 500_000, java.time.Duration.ofDays(7)), config.telemetryRollup(), tracker(config.linkWindow()));
            started.push(telemetry::close);
            telemetry.update(resources.image());
            SimulatedTelemetry simulation = config.simulateTelemetry()
                    ? new SimulatedTelemetry(telemetry, resources::image, clock, 42, 200).start() : null;
            if (simulation != null) started.push(simulation::close);

            // the image the loop starts from: the stored intent, and what a previous run kept of the
            // parts derived from it and from the agents' reports (SID allocations, keys, BGP sessions)
            SidService sids = new SidService(new SidAllocationStore(db));
            NodePublicKeyStore keys = new NodePublicKeyStore(db);
            BgpSessionStore sessions = new BgpSessionStore(db);
            RouteService.Restored bgpBefore = RouteService.restore(sessions, clock.instant());
            NetworkImage initial = NetworkImage.of(store.revision(), resources.image())
                    .restored(sids.restore(layout, resources.image()), ConfigService.storedKeys(keys), bgpBefore.sessions());

            RouteService bgp = new RouteService(sessions, events, clock, initial, bgpBefore.accepted());
            BgpMetrics.register(metrics.registry(), bgp);
            PathService paths = new PathService(events, clock, config.routing());
            SlaService sla = new SlaService(events, clock, config.sla(), paths::programmed, new dev.galactic.controller.store.SlaComplianceStore(db));
            ConfigService configs = new ConfigService(new NodeConfigStore(db), keys, events, clock, new ConfigService.Inputs() {
                @Override
                public List<dev.galactic.core.render.TenantPath> paths() { return paths.tenantPaths(); }

                @Override
                public java.util.Map<dev.galactic.core.model.ResourceKey, dev.galactic.core.render.Renderer.Learned> learned() { return bgp.learned(); }
            });
            AgentSessions agents = new AgentSessions(resources, tokens, telemetry, events, configs, clock);
            WebhookDispatcher webhooks = new WebhookDispatcher(resources, events, new WebhookDeliveryStore(db), clock, config.webhookRetry(), config.webhookTargets());
            started.push(webhooks::close);

            // what each step of the loop (committed intent, a telemetry tick, agents' reports, the
            // clock) sets off, in this order (docs/architecture.md): the SID plan kept, the intent's
            // events, BGP's judgement of the learned routes, the paths, one render of what
            // changed, the paths held to their SLA (and every second), the probe plan, the new
            // config versions to the agents, what the API shows of paths, and last the step's events
            ControlLoop loop = new ControlLoop(initial, List.of(
                    sids,
                    Publisher.ofIntent("resource-events", (c, image) -> ResourceEvents.publish(events, c)),
                    bgp,
                    paths,
                    configs,
                    sla,
                    // the plan goes to the agents once ingest expects its links (on the telemetry
                    // thread, within its 100 ms tick), so that their first samples of them count;
                    // the loop does not wait for that
                    Publisher.ofIntent("probe-plan", (c, image) -> telemetry.update(c.after()).thenAccept(plan -> {
                        if (plan != null) agents.pushPlans(plan);
                    })),
                    Publisher.of("push-configs", (d, image) -> agents.pushConfigs(configs.takeNew())),
                    Publisher.of("status", (d, image) -> paths.expose()),
                    events.publisher()));
            started.push(loop::close);
            paths.wakeWith(loop::tickAt);
            resources.publishTo(loop);
            telemetry.publishTo(loop);
            agents.reportTo(r -> loop.submit(new dev.galactic.controller.loop.LoopInput.Reported(r)));
            loop.tickEvery(java.time.Duration.ofSeconds(1), clock);

            List<ApiServer.Routes> routes = new java.util.ArrayList<>(extraRoutes);
            routes.add(new TelemetryRoutes(telemetry, simulation, clock));
            routes.add(new RouteRoutes(resources, bgp, configs));
            routes.add(new AgentEndpoint(agents));
            routes.add(new ConfigRoutes(configs));
            routes.add(new PathRoutes(resources, paths, sla, clock, () -> loop.image().sids()));
            routes.add(new WebhookRoutes(resources, webhooks));
            ConditionReporter conditions = new ConditionReporter(agents::connected, configs, paths, sla);
            ApiServer api = new ApiServer(resources, events, tokens, db::ping, clock, version(),
                    r -> conditions.decorate(configs.decorate(SidService.decorate(r, loop.image().sids()))), metrics);
            Javalin http = api.create(config.maxBodyBytes(), routes).start(config.host(), config.port());
            LOG.info("controller up on http://{}:{} with {}", config.host(), http.port(), db.description());
            return new Controller(config, db, resources, loop, events, sids, telemetry, simulation, webhooks, configs, paths, bgp, tokens, http, adminToken);
        } catch (RuntimeException e) {
            while (!started.isEmpty()) {
                try {
                    started.pop().run();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            db.close();
            throw e;
        }
    }

    private static void writeSecret(Path file, String secret) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the admin token to " + file + ": " + e.getMessage(), e);
        }
    }

    public static String version() {
        String v = Controller.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    public int port() { return http.port(); }

    public String url() { return "http://" + (config.host().contains(":") ? "[" + config.host() + "]" : config.host()) + ":" + port(); }

    public ResourceService resources() { return resources; }

    /** The routes the HTTP server registered, in matching order. */
    public List<ApiServer.Route> httpRoutes() { return ApiServer.routes(http); }

    public TokenStore tokens() { return tokens; }

    public EventHub events() { return events; }

    public SidService sids() { return sids; }

    /** The control loop (tests submit agents' reports to it). */
    public ControlLoop loop() { return loop; }

    public TelemetryService telemetry() { return telemetry; }

    public ConfigService configs() { return configs; }

    public PathService paths() { return paths; }

    /** Learned routes: what the sites' BGP sessions reported and what was accepted. */
    public RouteService routes() { return routes; }

    /** The simulated telemetry source, or null when the controller expects real agents. */
    public SimulatedTelemetry simulation() { return simulation; }

    public Database database() { return db; }

    public ControllerConfig config() { return config; }

    /** The admin token created by this start (first start on an empty database), else null. */
    public String newAdminToken() { return newAdminToken; }

    @Override
    public void close() {
        http.stop();
        loop.close();
        if (simulation != null) simulation.close();
        webhooks.close();
        telemetry.close();
        db.close();
    }

    /** The default tracker with a window of {@code window}, in as many slots as the default's. */
    static dev.galactic.core.telemetry.TrackerConfig tracker(java.time.Duration window) {
        var d = dev.galactic.core.telemetry.TrackerConfig.DEFAULTS;
        var w = d.window();
        return d.withWindow(new dev.galactic.core.telemetry.WindowConfig(window.toNanos(), w.slots(), w.precisionBits(), w.stalenessNanos()));
    }
}
