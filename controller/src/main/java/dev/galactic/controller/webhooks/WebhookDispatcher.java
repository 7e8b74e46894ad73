package dev.galactic.controller.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.galactic.controller.ResourceService;
import dev.galactic.controller.events.Event;
import dev.galactic.controller.events.EventHub;
import dev.galactic.controller.store.WebhookDeliveryStore;
import dev.galactic.core.model.Caller;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceCodec;
import dev.galactic.core.model.ResourceKey;
import dev.galactic.core.model.WebhookSpec;
import dev.galactic.core.model.WebhookTargets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * Delivers events to webhooks: each webhook has its own queue and worker, so a slow or failing
 * receiver delays only itself. Failed attempts are retried with exponential backoff; every
 * attempt is logged and can be read back through the API.
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int QUEUE = 1000;

    /**
     * @param attempts tries per event, the first included
     * @param firstBackoff wait after the first failure; doubles each time
     */
    public record Retry(int attempts, Duration firstBackoff, Duration timeout) {
        public static final Retry DEFAULTS = new Retry(6, Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    /** One attempt, as the delivery log shows it. */
    /** Which webhook event type an event is, if it is one webhooks receive. */
    static Optional<WebhookSpec.EventType> typeOf(Event e) {
        return e.type().webhook();
    }

    private final ResourceService resources;
    private final WebhookDeliveryStore deliveryLog;
    private final Clock clock;
    private final Retry retry;
    private final WebhookClient http;
    private final EventHub.Subscription subscription;
    private final Map<ResourceKey, Worker> workers = new ConcurrentHashMap<>();
    private final Thread fanout;
    private volatile boolean closed;

    /** @param targets where tenants' webhooks may send (the operator's may send anywhere) */
    public WebhookDispatcher(ResourceService resources, EventHub events, WebhookDeliveryStore deliveryLog, Clock clock, Retry retry, WebhookTargets targets) {
        this.resources = resources;
        this.deliveryLog = deliveryLog;
        this.clock = clock;
        this.retry = retry;
        // redirects are never followed: a receiver could send the controller anywhere
        this.http = WebhookClient.system(targets, retry.timeout());
        // the event types webhooks receive; no backlog: a webhook hears of what happens from now on
        List<String> delivered = java.util.Arrays.stream(dev.galactic.controller.events.EventType.values())
                .filter(t -> t.webhook().isPresent()).map(dev.galactic.controller.events.EventType::wire).toList();
        this.subscription = events.subscribe(new dev.galactic.controller.events.EventFilter(null, delivered), Long.MAX_VALUE, new java.util.ArrayList<>());
        this.fanout = Thread.ofPlatform().name("galactic-webhooks").daemon().start(this::fanOut);
    }

    private void fanOut() {
        while (!closed) {
            try {
                Event e = subscription.poll(1000);
                if (e != null) route(e);
            } catch (InterruptedException ie) {
                return;
            } catch (RuntimeException ex) {
                LOG.error("webhook fan-out failed", ex);
            }
        }
    }

    private void route(Event e) {
        WebhookSpec.EventType type = typeOf(e).orElseThrow();
        for (Resource hook : resources.image().list(Kind.WEBHOOK)) {
            WebhookSpec spec = hook.spec(WebhookSpec.class);
            Caller owner = hook.tenant() == null ? Caller.OPERATOR : new Caller.TenantMember(hook.tenant());
            if (!EventHub.visibleTo(owner).test(e)) continue;
            if (!spec.events().isEmpty() && !spec.events().contains(type)) continue;
            workers.computeIfAbsent(hook.key(), k -> new Worker(k)).offer(e);
        }
        // webhooks that were deleted stop
        workers.keySet().removeIf(k -> {
            boolean gone = resources.image().get(k).isEmpty();
            if (gone) workers.get(k).stop();
            return gone;
        });
    }

    private final class Worker {
        final ResourceKey key;
        final LinkedBlockingDeque<Event> queue = new LinkedBlockingDeque<>(QUEUE);
        final Thread thread;

        Worker(ResourceKey key) {
            this.key = key;
            this.thread = Thread.ofVirtual().name("webhook-" + key).start(this::run);
        }

        void offer(Event e) {
            if (!queue.offerLast(e)) {
                Event dropped = queue.pollFirst();
                queue.offerLast(e);
                if (dropped != null) log(dropped, 0, 0, "dropped", "the receiver fell " + QUEUE + " events behind; the oldest was dropped");
            }
        }

        void stop() { thread.interrupt(); }

        void run() {
            try {
                while (!closed) deliver(queue.takeFirst());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void deliver(Event e) throws InterruptedException {
            String body;
            try {
                body = ResourceCodec.json().writeValueAsString(dev.galactic.controller.events.EventJson.of(e));
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
            Duration backoff = retry.firstBackoff();
            for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
                // read the webhook afresh each time: its URL or secret may have changed, or it may be gone
                Optional<Resource> hook = resources.image().get(key);
                if (hook.isEmpty()) return;
                WebhookSpec spec = hook.get().spec(WebhookSpec.class);
                int status = 0;
                String error;
                java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
                headers.put("Content-Type", "application/json");
                headers.put("User-Agent", "galactic-webhooks");
                headers.put("X-Galactic-Event", e.type().wire());
                headers.put("X-Galactic-Delivery", key.name() + "-" + e.seq());
                if (spec.secret() != null) headers.put(WebhookSigner.HEADER, WebhookSigner.sign(spec.secret(), clock.instant().getEpochSecond(), body));
                URI url;
                try {
                    url = new URI(spec.url());
                } catch (java.net.URISyntaxException ex) {
                    log(e, attempt, 0, "failed", "refused: " + spec.url() + " is not a URL: " + ex.getReason());
                    return;
                }
                // a tenant's webhook is checked on every attempt, after its name is resolved
                switch (http.post(url, headers, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), key.tenant() != null)) {
                    case WebhookClient.Result.Refused r -> {
                        // the target will not become allowed by waiting: no retries
                        log(e, attempt, 0, "failed", "refused: " + r.why());
                        return;
                    }
                    case WebhookClient.Result.Answered a -> {
                        status = a.status();
                        if (status >= 200 && status < 300) {
                            log(e, attempt, status, "delivered", null);
                            return;
                        }
                        error = "the receiver answered " + status;
                    }
                    case WebhookClient.Result.Failed f -> error = f.error();
                }
                boolean last = attempt == retry.attempts();
                log(e, attempt, status, last ? "failed" : "retrying", error + (last ? "; giving up" : "; next try in " + backoff.toMillis() + " ms"));
                if (!last) {
                    Thread.sleep(backoff);
                    backoff = backoff.multipliedBy(2);
                }
            }
        }

        void log(Event e, int attempt, int status, String outcome, String error) {
            deliveryLog.append(new WebhookDeliveryStore.Attempt(key, e.seq(), e.type().wire(), attempt, status, outcome, error, clock.instant()));
        }
    }

    /** The newest attempts for one webhook, newest first. */
    public List<WebhookDeliveryStore.Delivery> deliveries(ResourceKey hook, int limit) {
        return deliveryLog.newest(hook, limit);
    }

    @Override
    /**
     * Stops fan-out and delivery and waits (at most 3 s in all) for the threads to end: a
     * delivery in flight writes its outcome to the delivery log, which must still be open.
     */
    public void close() {
        closed = true;
        fanout.interrupt();
        subscription.close();
        workers.values().forEach(Worker::stop);
        long deadline = System.nanoTime() + 3_000_000_000L;
        java.util.List<Thread> threads = new java.util.ArrayList<>(List.of(fanout));
        workers.values().forEach(w -> threads.add(w.thread));
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            try {
                t.join(java.time.Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
