package dev.airisk.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.port.Anchors;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.History;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.Snapshot;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
        final Set<String> facts = new HashSet<>();

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

        @Override
        public boolean knownToContain(String location, String commit, String ancestor) {
            return facts.contains(location + " " + commit + " " + ancestor);
        }

        @Override
        public void rememberContains(String location, String commit, String ancestor) {
            facts.add(location + " " + commit + " " + ancestor);
        }
    }

    /** The history of {@code main}, counting the walks that ask whether a commit contains {@code ancestor}. */
    static final class CountingWalks implements Registry {
        final InMemoryPorts.MemRegistry main;
        final String ancestor;
        int walks;

        CountingWalks(InMemoryPorts.MemRegistry main, String ancestor) {
            this.main = main;
            this.ancestor = ancestor;
        }

        @Override
        public String location() {
            return main.location();
        }

        @Override
        public Snapshot head() {
            return main.head();
        }

        @Override
        public <T> Committed<T> update(Function<Snapshot, Change<T>> op) {
            return main.update(op);
        }

        @Override
        public History history() {
            History h = main.history();
            return (History) Proxy.newProxyInstance(History.class.getClassLoader(), new Class<?>[] {History.class}, (proxy, m, args) -> {
                if (m.getName().equals("contains") && ancestor.equals(args[1]) && !args[0].equals(args[1])) {
                    walks++;
                }
                try {
                    return m.invoke(h, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        }

        @Override
        public void close() {
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
        return verified(registry, anchors, null);
    }

    private static VerifiedRegistry verified(Registry registry, Anchors anchors, String pinned) {
        HistoryVerifier verifier = new HistoryVerifier(new InMemoryPorts.MemCodec(), new InMemoryPorts.MemAttestations(),
                Clock.systemUTC(), 1);
        return new VerifiedRegistry(registry, verifier, anchors, "memory", pinned);
    }

    @Test
    void thatMainContainsThePinnedAnchor_isWalkedOnce_thenKnownFromThisHostsAnchor() {
        InMemoryPorts.MemRegistry main = twoCommits();
        MemAnchors anchors = new MemAnchors();
        anchors.reset("memory", "2");
        CountingWalks first = new CountingWalks(main, "1");
        assertEquals("2", verified(first, anchors, "1").head().commitId());
        assertEquals(1, first.walks, "the first time, main is checked to contain the pinned anchor");
        assertEquals(Set.of("memory 2 1"), anchors.facts);

        CountingWalks again = new CountingWalks(main, "1");
        assertEquals("2", verified(again, anchors, "1").head().commitId());
        assertEquals(0, again.walks, "the anchor 2 this host verified is known to contain the pinned 1");
    }

    @Test
    void aWriteOnAMainKnownToContainThePinnedAnchor_recordsThatItsCommitDoesToo() {
        InMemoryPorts.MemRegistry main = twoCommits();
        MemAnchors anchors = new MemAnchors();
        anchors.reset("memory", "2");
        VerifiedRegistry registry = verified(main, anchors, "1");
        registry.update(head -> new Change<>("done", Map.of("registry.yaml", "c".getBytes(StandardCharsets.UTF_8)),
                CommitMessage.of("Edit", Map.of())));
        assertEquals(Optional.of("3"), anchors.read("memory"));
        assertEquals(Set.of("memory 2 1", "memory 3 1"), anchors.facts);
        CountingWalks next = new CountingWalks(main, "1");
        assertEquals("3", verified(next, anchors, "1").head().commitId());
        assertEquals(0, next.walks, "main at 3 is this host's anchor, known to contain the pinned 1");
    }

    @Test
    void aRewoundMain_isRefused_evenWhenThisHostsAnchorIsKnownToContainThePinnedOne() {
        InMemoryPorts.MemRegistry main = twoCommits();
        MemAnchors anchors = new MemAnchors();
        anchors.reset("memory", "2");
        anchors.rememberContains("memory", "2", "1");
        Registry rewound = new ReadEarlier(main, "1", true);
        IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> verified(rewound, anchors, "1").head());
        assertTrue(e.getMessage().contains("was rewound or rewritten: it is at 1, which does not contain commit 2"), e.getMessage());
    }

    @Test
    void aPinnedAnchorNotOnMain_isRefused_whateverThisHostKnowsOfAnotherPinnedAnchor() {
        InMemoryPorts.MemRegistry main = twoCommits();
        MemAnchors anchors = new MemAnchors();
        anchors.reset("memory", "1");
        anchors.rememberContains("memory", "1", "1");
        // main is at 1 (read before the second commit): the pinned 2 is a commit of the registry that main does not contain
        Registry older = new ReadEarlier(main, "1", true);
        IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> verified(older, anchors, "2").head());
        assertTrue(e.getMessage().contains("was rewound or rewritten: it is at 1, which does not contain commit 2 that the trust anchor given names"),
                e.getMessage());
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
