package dev.galactic.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Plans a batch of puts and deletes against the current image: all of it is valid, allowed
 * and current, or nothing is. A pure function; the store commits the plan in one transaction.
 */
public final class ChangePlanner {

    private ChangePlanner() {
    }

    /** Why an item was refused; the most severe reason decides the HTTP status. */
    public enum Failure { FORBIDDEN, NOT_FOUND, CONFLICT, INVALID }

    public record ItemError(int index, String resource, Failure failure, String pointer, String reason) {
    }

    /** A put or a delete, with its position in the request. */
    public sealed interface Op {
        int index();

        record Put(int index, Resource resource) implements Op {
        }

        /** @param resourceVersion when given, delete only if the stored version is this one */
        record Delete(int index, ResourceKey key, Long resourceVersion) implements Op {
        }
    }

    public record Plan(List<Change> changes, List<ItemError> errors, ResourceImage after) {
        public boolean ok() { return errors.isEmpty(); }

        public boolean changesAnything() {
            return changes.stream().anyMatch(c -> c.action() != Change.Action.UNCHANGED);
        }

        public Optional<Failure> worst() {
            return errors.stream().map(ItemError::failure).min(Enum::compareTo);
        }
    }

    /** The plan by the default configuration (tests, tools that run no controller). */
    public static Plan plan(ResourceImage current, List<Op> ops, Caller caller) {
        return plan(current, ops, caller, ValidationConfig.DEFAULT);
    }

    public static Plan plan(ResourceImage current, List<Op> ops, Caller caller, ValidationConfig config) {
        List<ItemError> errors = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        List<Resource> puts = new ArrayList<>();
        List<ResourceKey> deletes = new ArrayList<>();
        Set<ResourceKey> seen = new HashSet<>();

        for (Op op : ops) {
            ResourceKey key = switch (op) {
                case Op.Put p -> p.resource().key();
                case Op.Delete d -> d.key();
            };
            String label = key.toString();
            if (!seen.add(key)) {
                errors.add(new ItemError(op.index(), label, Failure.INVALID, "/metadata/name", key + " appears twice in the batch"));
                continue;
            }
            Optional<String> denied = denied(caller, key);
            if (denied.isPresent()) {
                errors.add(new ItemError(op.index(), label, Failure.FORBIDDEN, "", denied.get()));
                continue;
            }
            Resource stored = current.get(key).orElse(null);
            switch (op) {
                case Op.Put p -> {
                    Resource r = p.resource();
                    List<FieldError> intrinsic = Validation.intrinsic(r, config);
                    for (FieldError fe : intrinsic) {
                        errors.add(new ItemError(op.index(), label, Failure.INVALID, fe.pointer(), fe.reason()));
                    }
                    if (!intrinsic.isEmpty()) continue;
                    Long rv = r.metadata().resourceVersion();
                    if (rv != null && (stored == null || !rv.equals(stored.metadata().resourceVersion()))) {
                        errors.add(new ItemError(op.index(), label, Failure.CONFLICT, "/metadata/resourceVersion",
                                stored == null ? key + " no longer exists (resourceVersion " + rv + " was sent); get it again before changing it"
                                        : key + " was changed by someone else (now at resourceVersion " + stored.metadata().resourceVersion()
                                        + ", you sent " + rv + "); get it again, re-apply your change, or omit resourceVersion to overwrite"));
                    }
                    Resource next = keepSecrets(stored, r);
                    puts.add(next);
                    changes.add(change(key, stored, next));
                }
                case Op.Delete d -> {
                    if (stored == null) {
                        errors.add(new ItemError(op.index(), label, Failure.NOT_FOUND, "", key + " does not exist"));
                        continue;
                    }
                    if (d.resourceVersion() != null && !d.resourceVersion().equals(stored.metadata().resourceVersion())) {
                        errors.add(new ItemError(op.index(), label, Failure.CONFLICT, "/metadata/resourceVersion",
                                key + " was changed (now at resourceVersion " + stored.metadata().resourceVersion() + ", you sent " + d.resourceVersion() + ")"));
                    }
                    deletes.add(key);
                    changes.add(new Change(key, Change.Action.DELETED, stored, null, diff(declared(stored), null)));
                }
            }
        }
        // references are checked against what the well-formed part of the batch would leave
        // behind, so one request reports both kinds of mistakes
        ResourceImage after = current.apply(puts, deletes);
        Set<ResourceKey> checked = new HashSet<>();
        puts.forEach(r -> checked.add(r.key()));
        for (Op op : ops) {
            if (op instanceof Op.Put p && checked.contains(p.resource().key())) {
                for (FieldError fe : Validation.references(p.resource(), after, config)) {
                    errors.add(new ItemError(op.index(), p.resource().key().toString(), Failure.INVALID, fe.pointer(), fe.reason()));
                }
            }
        }
        // a delete must not leave dangling references behind
        if (!deletes.isEmpty()) {
            Set<ResourceKey> deleted = new HashSet<>(deletes);
            for (Resource r : after.all()) {
                for (Validation.Ref ref : Validation.refs(r)) {
                    if (!deleted.contains(ref.target())) continue;
                    int idx = ops.stream().filter(o -> o instanceof Op.Delete d && d.key().equals(ref.target())).findFirst().orElseThrow().index();
                    errors.add(new ItemError(idx, ref.target().toString(), Failure.CONFLICT, "",
                            ref.target() + " is still used by " + r.key() + " (" + ref.pointer() + "); change or delete that first, or in the same batch"));
                }
            }
        }
        if (!errors.isEmpty()) return new Plan(List.copyOf(changes), List.copyOf(errors), current);
        return new Plan(List.copyOf(changes), List.of(), after);
    }

    private static Optional<String> denied(Caller caller, ResourceKey key) {
        if (!(caller instanceof Caller.TenantMember m)) return Optional.empty();
        if (key.kind().scope() == Kind.Scope.CLUSTER) {
            return Optional.of("a tenant token cannot change " + key.kind().wireName() + " resources; they belong to the backbone operator");
        }
        if (!m.tenant().equals(key.tenant())) {
            return Optional.of("a tenant token may only change resources of its own tenant \"" + m.tenant() + "\"");
        }
        return Optional.empty();
    }

    /** A webhook applied without its secret keeps the stored one: secrets are never read back. */
    private static Resource keepSecrets(Resource stored, Resource r) {
        if (stored != null && r.spec() instanceof WebhookSpec w && w.secret() == null) {
            String old = stored.spec(WebhookSpec.class).secret();
            if (old != null) return r.withSpec(new WebhookSpec(w.url(), w.events(), old));
        }
        return r;
    }

    private static Change change(ResourceKey key, Resource stored, Resource next) {
        if (stored == null) return new Change(key, Change.Action.CREATED, null, next, diff(null, declared(next)));
        List<Change.FieldChange> d = diff(declared(stored), declared(next));
        return new Change(key, d.isEmpty() ? Change.Action.UNCHANGED : Change.Action.CONFIGURED, stored, next, d);
    }

    /** The part of a resource its author declares: labels and spec, with secrets masked. */
    static ObjectNode declared(Resource r) {
        ObjectNode n = ResourceCodec.json().createObjectNode();
        n.set("metadata", ResourceCodec.json().createObjectNode().set("labels", ResourceCodec.json().valueToTree(r.metadata().labels())));
        JsonNode spec = ResourceCodec.json().valueToTree(r.spec());
        if (spec instanceof ObjectNode o && o.has("secret")) o.put("secret", "(hidden)" + Integer.toHexString(Objects.hashCode(o.get("secret").asText())));
        n.set("spec", spec);
        return n;
    }

    /** Field-level differences between two JSON trees, by JSON pointer, in document order. */
    public static List<Change.FieldChange> diff(JsonNode before, JsonNode after) {
        List<Change.FieldChange> out = new ArrayList<>();
        diff("", before, after, out);
        return List.copyOf(out);
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<Change.FieldChange> out) {
        if (Objects.equals(a, b)) return;
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String f : names) diff(path + "/" + FieldError.token(f), a.get(f), b.get(f), out);
            return;
        }
        if (isEmpty(a) && isEmpty(b)) return;
        out.add(new Change.FieldChange(path.isEmpty() ? "/" : path, a, b));
    }

    private static boolean isEmpty(JsonNode n) {
        if (n == null || n.isNull()) return true;
        if (!n.isContainerNode()) return false;
        for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) if (!isEmpty(it.next())) return false;
        return true;
    }
}
