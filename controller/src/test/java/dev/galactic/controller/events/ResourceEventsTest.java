package dev.galactic.controller.events;

import dev.galactic.core.image.NetworkDelta;
import dev.galactic.core.model.Caller;
import dev.galactic.core.model.Change;
import dev.galactic.core.model.Kind;
import dev.galactic.core.model.LinkSpec;
import dev.galactic.core.model.ObjectMeta;
import dev.galactic.core.model.Resource;
import dev.galactic.core.model.ResourceImage;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The resource-events publisher as a function of the committed delta. */
class ResourceEventsTest {

    static Change change(Change.Action action, Resource r) {
        return new Change(r.key(), action, action == Change.Action.CREATED ? null : r, action == Change.Action.DELETED ? null : r, List.of());
    }

    @Test
    void oneEventPerChangedResourceInCommitOrderSeenByWhomItConcerns() {
        Resource vpc = Resource.of(Kind.VPC, ObjectMeta.of("prod", "acme"), null);
        Resource link = Resource.of(Kind.LINK, ObjectMeta.of("fra-nyc", null), new LinkSpec("fra", "nyc", LinkSpec.LinkKind.PHYSICAL, null, null, null, null));
        Resource tenant = Resource.of(Kind.TENANT, ObjectMeta.of("zeta", null), null);
        EventHub hub = new EventHub(Clock.systemUTC(), 100);
        ResourceEvents.publish(hub, new NetworkDelta.IntentDelta(3, ResourceImage.EMPTY, ResourceImage.EMPTY, List.of(
                change(Change.Action.CREATED, vpc), change(Change.Action.UNCHANGED, vpc), change(Change.Action.DELETED, link),
                change(Change.Action.CONFIGURED, tenant))));

        List<Event> all = hub.recent(e -> true, 0, 100);
        assertThat(all).extracting(e -> e.type().wire()).containsExactly("resource.created", "resource.deleted", "resource.configured");
        assertThat(all).extracting(Event::summary).containsExactly("Vpc acme/prod created", "Link fra-nyc deleted", "Tenant zeta configured");
        assertThat(hub.recent(EventHub.visibleTo(new Caller.TenantMember("acme")), 0, 100)).extracting(Event::summary)
                .containsExactly("Vpc acme/prod created", "Link fra-nyc deleted");
        assertThat(hub.recent(EventHub.visibleTo(new Caller.TenantMember("zeta")), 0, 100)).extracting(Event::summary)
                .containsExactly("Link fra-nyc deleted", "Tenant zeta configured");
    }
}
