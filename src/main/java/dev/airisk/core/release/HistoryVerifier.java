package dev.airisk.core.release;

import dev.airisk.core.AiriskException;
import dev.airisk.core.io.Parallel;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.History;
import dev.airisk.core.port.RegistryCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Checks a stretch of the main branch, from a commit already trusted (or from the first commit) up to
 * a head: every commit keeps the {@link CommitRules}, the history is linear, and time does not go
 * backwards. Commits are checked side by side, each against its own parent, in batches in history
 * order, so the first offending commit is reported and a bad commit early in a long history stops the
 * walk soon.
 */
public final class HistoryVerifier {
    /**
     * How far a commit's time may lie before its parent's (clocks of a team's machines differ a little),
     * and how far after this host's clock. Beyond it a commit is back-dated or forward-dated, which
     * would let gates that depend on time (soak, freeze) be replayed at a time of the signer's choosing.
     */
    public static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);
    private static final int BATCH = 256;

    private final CommitRules rules;
    private final Clock clock;
    private final int parallelism;

    public HistoryVerifier(RegistryCodec codec, Attestations attestations, Clock clock, int parallelism) {
        this.rules = new CommitRules(new ParsedFiles(codec), new RememberedAttestations(attestations));
        this.clock = clock;
        this.parallelism = Math.max(1, parallelism);
    }

    /**
     * The commits after {@code since} (null: from the first commit) up to {@code until}, checked. The
     * caller has made sure that {@code until} contains {@code since}.
     */
    public Audit.Report verify(History history, String since, String until) {
        List<History.Commit> commits = history.commits(since, until);
        Instant previous = since == null ? null : history.commit(since).time();
        Instant latest = clock.instant().plus(CLOCK_TOLERANCE);
        for (int from = 0; from < commits.size(); from += BATCH) {
            List<History.Commit> batch = commits.subList(from, Math.min(commits.size(), from + BATCH));
            // each thread checks a run of neighbouring commits, so a commit's files, parsed as its child's
            // parent, are found parsed already
            int run = (batch.size() + parallelism - 1) / parallelism;
            List<String> problems = Parallel.map(IntStream.range(0, parallelism).boxed().toList(), parallelism,
                    t -> batch.subList(Math.min(batch.size(), t * run), Math.min(batch.size(), (t + 1) * run)).stream()
                            .map(c -> problem(history, c)).toList())
                    .stream().flatMap(List::stream).toList();
            for (int i = 0; i < batch.size(); i++) {
                History.Commit c = batch.get(i);
                String problem = time(c.time(), previous, latest);
                if (problem == null) {
                    problem = problems.get(i);
                }
                if (problem != null) {
                    return new Audit.Report(from + i + 1, new Audit.Offence(c.id(), c.time(), c.subject(), problem));
                }
                previous = c.time();
            }
        }
        return new Audit.Report(commits.size(), null);
    }

    private String problem(History history, History.Commit c) {
        try {
            return rules.check(history, c);
        } catch (AiriskException | Statements.Malformed e) {
            return "cannot be read back: " + e.getMessage();
        }
    }

    /** A commit dated before its parent, or after this host's clock, by more than the tolerance. */
    static String time(Instant time, Instant parent, Instant latest) {
        if (parent != null && time.isBefore(parent.minus(CLOCK_TOLERANCE))) {
            return "is dated " + time + ", before its parent (" + parent + ") by more than " + CLOCK_TOLERANCE.toMinutes()
                    + " minutes: it was back-dated";
        }
        if (time.isAfter(latest)) {
            return "is dated " + time + ", more than " + CLOCK_TOLERANCE.toMinutes()
                    + " minutes after this machine's clock: it was forward-dated, or this machine's clock is wrong";
        }
        return null;
    }
}
