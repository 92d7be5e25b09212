package dev.airisk.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.port.Anchors;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.History;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A head read just before another process moved main and this host's anchor on is older than the
 * anchor: that is no rewind, and needs no check; a main that no longer contains the anchor is.
 */
class VerifiedRegistryTest {

    /** Anchors in memory, one per registry. */
    static final class MemAnchors implements Anchors {
        final Map<String, String> byRegistry = new HashMap<>();

        @Override
        public Optional<String> read(String location) {
            return Optional.ofNullable(byRegistry.get(location));
        }

        @Override
        public void advance(String location, String commit, Predicate<String> supersedes) {
            String recorded = byRegistry.get(location);
            if (recorded == null || supersedes.test(recorded)) {
                byRegistry.put(location, commit);
            }
        }

        @Override
        public void reset(String location, String commit) {
            byRegistry.put(location, commit);
        }
    }

    /**
     * The registry as one process sees it: its first read of main is the commit {@code firstRead}
     * (read before another process moved main on), later ones are main; or, {@code stuck}, main
     * itself was moved back there.
     */
    static final class ReadEarlier implements Registry {
        final InMemoryPorts.MemRegistry main;
        final String firstRead;
        final boolean stuck;
        boolean read;

        ReadEarlier(InMemoryPorts.MemRegistry main, String firstRead, boolean stuck) {
            this.main = main;
            this.firstRead = firstRead;
            this.stuck = stuck;
        }

        @Override
        public String location() {
            return main.location();
        }

        @Override
        public synchronized Snapshot head() {
            if (!read || stuck) {
                read = true;
                return main.history().at(firstRead);
            }
            return main.head();
        }

        @Override
        public <T> Committed<T> update(Function<Snapshot, Change<T>> op) {
            return main.update(op);
        }

        @Override
        public History history() {
            return main.history();
        }

        @Override
        public void close() {
        }
    }

    private static InMemoryPorts.MemRegistry twoCommits() {
        InMemoryPorts.MemRegistry main = new InMemoryPorts.MemRegistry(Map.of("registry.yaml", "a".getBytes(StandardCharsets.UTF_8)));
        main.commitDirectly(Map.of("registry.yaml", "b".getBytes(StandardCharsets.UTF_8)));
        return main;
    }

    private static VerifiedRegistry verified(Registry registry, Anchors anchors) {
        HistoryVerifier verifier = new HistoryVerifier(new InMemoryPorts.MemCodec(), new InMemoryPorts.MemAttestations(),
                Clock.systemUTC(), 1);
        return new VerifiedRegistry(registry, verifier, anchors, "memory", null);
    }

    @Test
    void aHeadReadBeforeAnotherProcessMovedTheAnchorOn_isNoRewind_andLeavesTheAnchor() {
        InMemoryPorts.MemRegistry main = twoCommits();
        MemAnchors anchors = new MemAnchors();
        anchors.reset("memory", "2");
        Snapshot head = verified(new ReadEarlier(main, "1", false), anchors).head();
        assertEquals("1", head.commitId());
        assertEquals(Optional.of("2"), anchors.read("memory"));
    }

    @Test
    void aMainThatNoLongerContainsTheAnchor_isRewound() {
        InMemoryPorts.MemRegistry main = twoCommits();
        MemAnchors anchors = new MemAnchors();
        anchors.reset("memory", "2");
        Registry rewound = new ReadEarlier(main, "1", true);
        IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> verified(rewound, anchors).head());
        assertTrue(e.getMessage().contains("was rewound or rewritten: it is at 1, which does not contain commit 2"), e.getMessage());
    }
}
