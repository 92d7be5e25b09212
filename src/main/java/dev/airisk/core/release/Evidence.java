package dev.airisk.core.release;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.Layout;
import dev.airisk.core.Limits;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.policy.Approval;
import dev.airisk.core.policy.ApprovalsGate;
import dev.airisk.core.policy.Attachment;
import dev.airisk.core.policy.ChecklistAnswer;
import dev.airisk.core.policy.ChecklistGate;
import dev.airisk.core.policy.GateInput;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.port.ArtifactStore;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Content;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec.ChecklistAnswerInput;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a version carries besides its files: signed attachments (documents hashed into the store) and
 * signed answers to the policy's high-risk checklist. Written by the publisher or an approver role.
 */
public final class Evidence {
    private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    private final Registry registry;
    private final RegistryCodec codec;
    private final Supplier<ArtifactStore> store;
    private final Attestations attestations;
    private final Signer signer;
    private final Clock clock;

    Evidence(Registry registry, RegistryCodec codec, Supplier<ArtifactStore> store, Attestations attestations, Signer signer,
             Clock clock) {
        this.registry = registry;
        this.codec = codec;
        this.store = store;
        this.attestations = attestations;
        this.signer = signer;
        this.clock = clock;
    }

    /** An attached document. {@code changed} is false when the same document of that kind was attached before. */
    public record Attached(ModelRef ref, String kind, String name, long size, Sha256 sha256, String file, boolean changed,
                           String commit) {
    }

    /** Recorded checklist answers. */
    public record Answered(ModelRef ref, List<ChecklistAnswer> answers, String file, String commit) {
    }

    /**
     * A version's evidence as the gates see it now: approvals and rejections (each with whether it
     * counts for its environment, else why not), attachments, checklist answers (each with whether it is
     * the item's current answer), and the signed files that did not verify.
     */
    public record Report(VersionRecord record, List<Standing> approvals, List<Attachment> attachments,
                         List<Answer> answers, List<String> unusable) {
    }

    /** An approval or rejection; {@code counts} as the approvals gate decides for its environment now, else {@code why} not. */
    public record Standing(Approval approval, boolean counts, String why) {
    }

    /** A checklist answer; {@code current} when it is the item's answer the checklist gate reads. */
    public record Answer(ChecklistAnswer answer, boolean current) {
    }

    public Report report(ModelRef ref) {
        RegistryView view = new RegistryView(registry.head(), codec);
        VersionRecord record = view.requireRecord(ref);
        Instant now = clock.instant();
        Statements.Found found = Statements.read(view, record, attestations);
        Map<String, GateInput> inputs = new HashMap<>();
        Map<String, Map<String, String>> ignored = new HashMap<>();
        List<Standing> approvals = new ArrayList<>();
        for (Approval a : found.approvals()) {
            GateInput in = inputs.computeIfAbsent(a.env(), env -> new GateInputs(attestations).of(view, record, env, now, false, null));
            approvals.add(standing(in, ignored.computeIfAbsent(a.env(), env -> ApprovalsGate.ignored(in)), a));
        }
        approvals.sort(Comparator.comparing((Standing s) -> s.approval().at()));
        List<Answer> answers = found.answers().stream()
                .map(a -> new Answer(a, ChecklistGate.newest(found.answers(), a.item()) == a)).toList();
        return new Report(record, approvals, found.attachments(), answers, found.unusable());
    }

    /** Whether an approval counts, by the approvals gate's own rules, and if not why. */
    private static Standing standing(GateInput in, Map<String, String> ignored, Approval a) {
        if (ignored.containsKey(a.file())) {
            return new Standing(a, false, ignored.get(a.file()));
        }
        var standing = ApprovalsGate.standing(in, a.keyId(), a.role());
        if (standing.isPresent() && standing.get().file().equals(a.file())) {
            return new Standing(a, true, null);
        }
        Approval newer = in.approvals().stream()
                .filter(o -> o.env().equals(a.env()) && o.role().equals(a.role()) && o.keyId().equals(a.keyId()))
                .filter(o -> !ignored.containsKey(o.file()) && o.at().isAfter(a.at()))
                .max(Comparator.comparing(Approval::at)).orElse(null);
        if (newer != null) {
            return new Standing(a, false, "superseded by the " + newer.decision().id() + " signed at " + newer.at());
        }
        if (a.decision() == Approval.Decision.REJECTED) {
            return new Standing(a, true, null);
        }
        return in.state().env(a.env()).rolledBack().stream()
                .filter(r -> r.version().equals(a.ref().version()) && r.at().isAfter(a.at())).findFirst()
                .map(r -> new Standing(a, false, "signed before the rollback of " + a.ref() + " out of " + a.env() + " at " + r.at()
                        + (r.reason() == null ? "" : " (" + r.reason() + ")")))
                .orElse(new Standing(a, false, "the approvals gate does not count it"));
    }

    /** A document hashed into the store: its file name, size and digest (its address in the store). */
    record Stored(String name, long size, Sha256 sha256) {
    }

    /** Refuses a kind that is not an attachment kind, or a path that is not a file; {@code examples} name good kinds. */
    static void requireDocument(String kind, Path document, String examples) {
        if (!KIND.matcher(kind).matches()) {
            throw new InvalidInput("attachment kind '" + kind + "' is not valid", "use lower-case letters, digits and '-', e.g. " + examples);
        }
        if (!Files.isRegularFile(document)) {
            throw new InvalidInput(document + " is not a file", "give the path of the document to attach");
        }
    }

    /** Hashes {@code document} into the store (unlocking the key before the blob is published) and unlocks the key. */
    static Stored store(ArtifactStore store, Signer signer, Path document) {
        long size;
        try {
            size = Files.size(document);
        } catch (IOException e) {
            throw new InvalidInput("could not read " + document + ": " + IoErrors.describe(e), "check the file's permissions");
        }
        String name = document.getFileName().toString();
        Sha256 sha = store.put(new Content() {
            @Override public String path() { return name; }
            @Override public long size() { return size; }
            @Override public InputStream open() throws IOException { return Files.newInputStream(document); }
            @Override public Optional<Path> file() { return Optional.of(document); }
        }, null, signer::ready);
        signer.ready();
        return new Stored(name, size, sha);
    }

    public Attached attach(ModelRef ref, String kind, Path document) {
        requireDocument(kind, document, "bias-audit or model-impact-assessment");
        requireWriter(new RegistryView(registry.head(), codec), ref);
        Stored stored = store(store.get(), signer, document);
        String name = stored.name();
        long size = stored.size();
        Sha256 sha = stored.sha256();
        String file = Layout.attachments(ref) + "/" + kind + "-" + sha.hex().substring(0, 16) + ".json";
        Registry.Committed<Attached> done = registry.update(head -> {
            RegistryView view = new RegistryView(head, codec);
            VersionRecord record = requireWriter(view, ref);
            if (head.exists(file)) {
                return Change.none(new Attached(ref, kind, name, size, sha, file, false, null));
            }
            byte[] envelope = attestations.signStatement(Statements.attachment(record, kind, name, size, sha, clock.instant()), signer);
            return new Change<>(new Attached(ref, kind, name, size, sha, file, true, null), Map.of(file, envelope),
                    CommitMessage.of("Attach " + kind + " '" + name + "' (" + Bytes.human(size) + ", " + sha.shortHex() + ") to " + ref,
                            Trailers.op(Operation.ATTACH).ref(ref).put(Trailers.KIND, kind).by(signer.keyId())));
        });
        Attached a = done.result();
        return new Attached(a.ref(), a.kind(), a.name(), a.size(), a.sha256(), a.file(), a.changed(), done.commitId());
    }

    public Answered answer(ModelRef ref, List<ChecklistAnswerInput> given) {
        if (given.isEmpty()) {
            throw new InvalidInput("no checklist answers were given", "pass --answer ITEM=yes --evidence TEXT, or --file ANSWERS.yaml");
        }
        RegistryView before = new RegistryView(registry.head(), codec);
        requireWriter(before, ref);
        answers(before.policy(), given, Instant.EPOCH);
        signer.ready();
        Registry.Committed<Answered> done = registry.update(head -> {
            RegistryView view = new RegistryView(head, codec);
            VersionRecord record = requireWriter(view, ref);
            Instant at = clock.instant();
            List<ChecklistAnswer> answers = answers(view.policy(), given, at);
            String file = Layout.checklist(ref) + "/" + STAMP.format(at) + "-" + signer.keyId().substring(0, 12) + ".json";
            byte[] envelope = attestations.signStatement(Statements.checklist(record, answers, at), signer);
            String items = answers.stream().map(a -> a.item() + "=" + a.answer().id()).collect(Collectors.joining(", "));
            return new Change<>(new Answered(ref, answers, file, null), Map.of(file, envelope),
                    CommitMessage.of("Answer checklist for " + ref + ": " + items,
                            Trailers.op(Operation.CHECKLIST).ref(ref).by(signer.keyId())));
        });
        return new Answered(ref, done.result().answers(), done.result().file(), done.commitId());
    }

    /** Answers from a YAML file ({@code ITEM: {answer: yes, evidence: TEXT}}). */
    public Answered answer(ModelRef ref, byte[] answersYaml, String file) {
        return answer(ref, codec.readChecklistAnswers(answersYaml, file));
    }

    private static List<ChecklistAnswer> answers(Policy policy, List<ChecklistAnswerInput> given, Instant at) {
        List<String> items = policy.checklist().stream().map(Policy.ChecklistItem::id).toList();
        if (items.isEmpty()) {
            throw new InvalidInput("the policy has no checklist", "an admin adds one under 'checklist:' in policy.yaml");
        }
        Map<String, ChecklistAnswer> out = new LinkedHashMap<>();
        for (ChecklistAnswerInput in : given) {
            if (!items.contains(in.item())) {
                throw new InvalidInput("checklist item '" + in.item() + "' is not in the policy", "items are " + String.join(", ", items));
            }
            ChecklistAnswer.Answer answer = ChecklistAnswer.Answer.parse(in.answer());
            String evidence = in.evidence() == null || in.evidence().isBlank() ? null : in.evidence().strip();
            if (answer == ChecklistAnswer.Answer.YES && evidence == null) {
                throw new InvalidInput("checklist item '" + in.item() + "' is answered yes without evidence",
                        "give the evidence (a document id or link) with --evidence TEXT");
            }
            if (evidence != null) {
                Limits.EVIDENCE.check("the evidence for checklist item '" + in.item() + "'", evidence.length());
            }
            if (out.containsKey(in.item())) {
                throw new InvalidInput("checklist item '" + in.item() + "' is answered twice", "answer each item once");
            }
            out.put(in.item(), new ChecklistAnswer(in.item(), answer, evidence, null, at));
        }
        return new ArrayList<>(out.values());
    }

    private VersionRecord requireWriter(RegistryView view, ModelRef ref) {
        VersionRecord record = view.requireRecord(ref);
        Actors.require(view, signer, Operation.ATTACH, ref.toString());
        return record;
    }
}
