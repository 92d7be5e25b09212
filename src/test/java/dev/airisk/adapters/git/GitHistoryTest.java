package dev.airisk.adapters.git;

import static dev.airisk.adapters.git.Fixtures.text;
import static dev.airisk.adapters.git.Fixtures.writes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.adapters.crypto.TestSigner;
import dev.airisk.core.AiriskException;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.History;
import dev.airisk.core.port.History.Commit;
import dev.airisk.core.port.Snapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHistoryTest {
    private static final TestSigner SIGNER = TestSigner.ecdsa("alice");
    private static final Instant START = Instant.parse("2025-03-04T05:06:07Z");

    @TempDir
    Path tmp;

    private Path dir;
    private GitRegistry registry;

    @BeforeEach
    void createRegistry() {
        dir = tmp.resolve("registry.git");
        registry = new GitRegistryProvider(new SteppingClock(START, Duration.ofMinutes(1))).create(dir.toString(), SIGNER,
                Map.of("registry.yaml", Fixtures.bytes(Fixtures.SETTINGS), "policy.yaml", Fixtures.bytes("# policy\n")),
                Fixtures.init());
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void commits_areOldestFirst_eachWithThePreviousAsParent_andTheHeadLast() {
        List<String> written = List.of(
                registry.update(s -> writes("one", "1.txt", "1")).commitId(),
                registry.update(s -> writes("two", "2.txt", "2")).commitId(),
                registry.update(s -> writes("three", "3.txt", "3")).commitId());

        List<Commit> commits = registry.history().commits();

        assertEquals(List.of("Create the registry", "one", "two", "three"), commits.stream().map(Commit::subject).toList());
        assertEquals(written, commits.stream().skip(1).map(Commit::id).toList());
        assertEquals(List.of(), commits.get(0).parents());
        for (int i = 1; i < commits.size(); i++) {
            assertEquals(List.of(commits.get(i - 1).id()), commits.get(i).parents());
        }
        assertEquals(registry.head().commitId(), commits.get(commits.size() - 1).id());
        assertEquals(List.of(START, START.plusSeconds(60), START.plusSeconds(120), START.plusSeconds(180)),
                commits.stream().map(Commit::time).toList());
    }

    @Test
    void commits_putParentsBeforeChildren_evenAcrossAMergeAndClocksThatRunBackwards() throws IOException {
        String root = registry.head().commitId();
        String merge;
        try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
             ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId tree = tree(repo, root);
            ObjectId left = commit(inserter, tree, "left", START.minusSeconds(3000), ObjectId.fromString(root));
            ObjectId right = commit(inserter, tree, "right", START.plusSeconds(9000), ObjectId.fromString(root));
            ObjectId leftChild = commit(inserter, tree, "left child", START.minusSeconds(6000), left);
            merge = commit(inserter, tree, "merge", START.minusSeconds(9000), leftChild, right).name();
            inserter.flush();
            RefUpdate update = repo.updateRef(LocalBranch.MAIN);
            update.setNewObjectId(ObjectId.fromString(merge));
            update.setExpectedOldObjectId(ObjectId.fromString(root));
            assertEquals(RefUpdate.Result.FAST_FORWARD, update.update());
        }

        List<Commit> commits = registry.history().commits();

        assertEquals(5, commits.size());
        Map<String, Integer> position = commits.stream().collect(Collectors.toMap(Commit::id, commits::indexOf));
        for (Commit c : commits) {
            for (String parent : c.parents()) {
                assertTrue(position.get(parent) < position.get(c.id()), c.subject() + " comes after its parent");
            }
        }
        assertEquals(root, commits.get(0).id());
        assertEquals(merge, commits.get(4).id());
        Commit mergeCommit = commits.get(4);
        assertEquals(List.of("left child", "right"), mergeCommit.parents().stream()
                .map(id -> commits.get(position.get(id)).subject()).toList(), "parents in commit order");
        assertNull(mergeCommit.signature(), "a commit without gpgsig has no signature");
        assertEquals(Map.of(), mergeCommit.trailers());
    }

    @Test
    void commits_carryTheTrailers_andASignatureOverThePayloadWithoutItsHeader() {
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("Airisk-Op", "promote");
        trailers.put("Airisk-Model", "churn");
        trailers.put("Airisk-Version", "1.4.0");
        trailers.put("Airisk-Env", "prod");
        registry.update(s -> new Change<>(null, Map.of("models/churn/state.yaml", Fixtures.bytes("prod: 1.4.0\n")),
                new CommitMessage("Promote churn@1.4.0 to prod", "Gates passed.", trailers)));

        Commit promote = registry.history().commits().get(1);

        Map<String, String> expected = new LinkedHashMap<>(trailers);
        expected.put("Airisk-Actor", SIGNER.keyId());
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(promote.trailers().entrySet()), "in message order");
        assertEquals("prod", promote.trailer("Airisk-Env"));
        assertEquals("Promote churn@1.4.0 to prod", promote.subject());
        assertTrue(promote.signature().startsWith("-----BEGIN SSH SIGNATURE-----\n"), promote.signature());
        assertTrue(SIGNER.signedCommit(promote.signature(), promote.signedPayload()));
        String payload = text(promote.signedPayload());
        assertTrue(payload.startsWith("tree "), payload);
        assertFalse(payload.contains("gpgsig"), payload);
        assertFalse(payload.contains("SSH SIGNATURE"), payload);
        assertTrue(payload.endsWith("\n\nPromote churn@1.4.0 to prod\n\nGates passed.\n\nAirisk-Op: promote\n"
                + "Airisk-Model: churn\nAirisk-Version: 1.4.0\nAirisk-Env: prod\nAirisk-Actor: " + SIGNER.keyId() + "\n"), payload);
    }

    @Test
    void changedPaths_ofTheRootCommit_isEveryFile() {
        History history = registry.history();

        assertEquals(List.of("policy.yaml", "registry.yaml"), history.changedPaths(history.commits().get(0).id()));
    }

    @Test
    void changedPaths_listsAddedChangedAndDeletedFiles_sorted_andNothingElse() {
        String add = registry.update(s -> writes("add", "models/b/model.yaml", "b", "models/a/model.yaml", "a",
                "models/a/versions/1.0.0/record.yaml", "r1", "outbox/1.yaml", "n1", "outbox/2.yaml", "n2")).commitId();
        String change = registry.update(s -> writes("change", "models/a/model.yaml", "a2", "models/b/model.yaml", null,
                "models/a/versions/1.1.0/record.yaml", "r2")).commitId();
        String clear = registry.update(s -> writes("clear", "outbox", null)).commitId();
        String same = registry.update(s -> writes("same bytes", "registry.yaml", Fixtures.SETTINGS)).commitId();
        History history = registry.history();

        assertEquals(List.of("models/a/model.yaml", "models/a/versions/1.0.0/record.yaml", "models/b/model.yaml",
                "outbox/1.yaml", "outbox/2.yaml"), history.changedPaths(add));
        assertEquals(List.of("models/a/model.yaml", "models/a/versions/1.1.0/record.yaml", "models/b/model.yaml"),
                history.changedPaths(change));
        assertEquals(List.of("outbox/1.yaml", "outbox/2.yaml"), history.changedPaths(clear));
        assertEquals(List.of(), history.changedPaths(same));
    }

    @Test
    void changedPaths_ofAMerge_isAgainstItsFirstParent() throws IOException {
        String base = registry.update(s -> writes("base", "a.txt", "a")).commitId();
        String theirs = registry.update(s -> writes("theirs", "b.txt", "b")).commitId();
        ObjectId merge;
        try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
             ObjectInserter inserter = repo.newObjectInserter()) {
            merge = commit(inserter, tree(repo, theirs), "merge", START, ObjectId.fromString(base), ObjectId.fromString(theirs));
            inserter.flush();
        }

        assertEquals(List.of("b.txt"), registry.history().changedPaths(merge.name()));
    }

    @Test
    void at_readsAFileAsItWasAtThatCommit_afterItWasOverwrittenAndDeleted() {
        String one = registry.update(s -> writes("v1", "models/churn/model.yaml", "owner: ann\n")).commitId();
        String two = registry.update(s -> writes("v2", "models/churn/model.yaml", "owner: bob\n", "models/fraud/model.yaml", "f")).commitId();
        String gone = registry.update(s -> writes("rm", "models/churn", null)).commitId();
        History history = registry.history();

        Snapshot atOne = history.at(one);
        assertEquals(one, atOne.commitId());
        assertEquals("owner: ann\n", text(atOne.read("models/churn/model.yaml").orElseThrow()));
        assertEquals(List.of("churn"), atOne.children("models"));
        assertEquals("owner: bob\n", text(history.at(two).read("models/churn/model.yaml").orElseThrow()));
        assertEquals(List.of("churn", "fraud"), history.at(two).children("models"));
        assertEquals(Optional.empty(), history.at(gone).read("models/churn/model.yaml"));
        assertFalse(history.at(gone).exists("models/churn"));
        assertEquals(Fixtures.SETTINGS, text(history.at(gone).read("registry.yaml").orElseThrow()));
    }

    @Test
    void at_andChangedPaths_ofAnUnknownCommit_areNotFound() {
        String head = registry.head().commitId();
        String treeId = ((GitSnapshot) registry.head()).tree().name();
        History history = registry.history();

        for (String unknown : List.of("0123456789abcdef0123456789abcdef01234567", treeId, head.substring(0, 12), "main", "")) {
            for (Function<String, Object> read : List.<Function<String, Object>>of(history::at, history::changedPaths)) {
                AiriskException.NotFound e = assertThrows(AiriskException.NotFound.class, () -> read.apply(unknown), unknown);
                assertEquals("commit '" + unknown + "' is not in the registry at " + dir, e.getMessage());
            }
        }
        assertEquals(head, history.at(head).commitId(), "the full id of the same commit is found");
    }

    @Test
    void history_readsTheRegistryWhenAsked_notWhenCreated() {
        History history = registry.history();
        registry.update(s -> writes("later", "later.txt", "l"));

        List<Commit> commits = history.commits();

        assertEquals("later", commits.get(commits.size() - 1).subject());
    }

    private static ObjectId tree(Repository repo, String commit) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(ObjectId.fromString(commit)).getTree().copy();
        }
    }

    private static ObjectId commit(ObjectInserter inserter, ObjectId tree, String subject, Instant when,
                                   ObjectId... parents) throws IOException {
        PersonIdent who = new PersonIdent("hand", "hand@example.com", when, ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        commit.setParentIds(parents);
        commit.setAuthor(who);
        commit.setCommitter(who);
        commit.setMessage(subject + "\n");
        return inserter.insert(Constants.OBJ_COMMIT, commit.build());
    }

    /** A clock that moves on by a fixed step each time it is read, so every commit has its own time. */
    private static final class SteppingClock extends Clock {
        private Instant next;
        private final Duration step;

        SteppingClock(Instant start, Duration step) {
            this.next = start;
            this.step = step;
        }

        @Override
        public synchronized Instant instant() {
            Instant now = next;
            next = next.plus(step);
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a test clock in UTC only");
        }
    }
}
