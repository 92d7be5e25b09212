package dev.airisk.core.release;

import dev.airisk.core.AiriskException.Conflict;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.Layout;
import dev.airisk.core.Limits;
import dev.airisk.core.model.Roles;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.RegistryCodec;
import dev.airisk.core.port.Signer;
import dev.airisk.core.port.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** What only an admin may change: the trusted keys and their roles, and the policy. */
public final class Administration {
    static final String PURPOSE = "change the registry's trust or policy";

    private final Registry registry;
    private final RegistryCodec codec;
    private final Attestations attestations;
    private final Signer signer;
    private final Clock clock;

    Administration(Registry registry, RegistryCodec codec, Attestations attestations, Signer signer, Clock clock) {
        this.registry = registry;
        this.codec = codec;
        this.attestations = attestations;
        this.signer = signer;
        this.clock = clock;
    }

    /** A key's trust after a change. */
    public record KeyTrust(String keyId, Set<String> roles, boolean changed, String commit) {
    }

    /** A policy as validated, with its bytes. */
    public record PolicyText(Policy policy, byte[] text, boolean changed, String commit) {
    }

    /** Every trusted key with its roles, by key id. */
    public List<KeyTrust> trusted() {
        RegistryView view = new RegistryView(registry.head(), codec);
        Roles roles = view.roles();
        return view.trustedKeys().keySet().stream().map(id -> new KeyTrust(id, roles.rolesOf(id), false, null)).toList();
    }

    /** A CA trusted for identities: its certificate, the roles each identity is granted, the keys enrolled through it. */
    public record CaTrust(String caId, String caPem, Map<String, Set<String>> grants, List<String> enrolledKeys) {
    }

    /** Every CA trusted for identities, by CA id. */
    public List<CaTrust> trustedCas() {
        RegistryView view = new RegistryView(registry.head(), codec);
        List<CaTrust> out = new ArrayList<>();
        view.trustedCas().forEach((id, pem) -> out.add(new CaTrust(id, pem, view.caGrants(id), view.snapshot().children(Layout.caKeys(id))
                .stream().map(f -> f.substring(0, f.length() - ".cert.pem".length())).toList())));
        return out;
    }

    /** Trusts a public key (if it is not yet) and grants it roles (keeping the ones it has). */
    public KeyTrust trust(String publicKeyPem, List<String> roles) {
        String id = attestations.keyId(publicKeyPem);
        if (roles.isEmpty()) {
            throw new InvalidInput("no role was given", "pass --role ROLE, e.g. --role publisher");
        }
        Registry.Committed<KeyTrust> done = registry.update(head -> {
            RegistryView view = admin(head, Operation.TRUST);
            requireKnown(view, roles);
            Roles before = view.roles();
            Map<String, List<String>> next = new HashMap<>(before.byRole());
            boolean changed = grant(next, id, roles) | !view.trustedKeys().containsKey(id);
            Set<String> now = new Roles(next).rolesOf(id);
            if (!changed) {
                return Change.none(new KeyTrust(id, now, false, null));
            }
            Map<String, byte[]> writes = new LinkedHashMap<>();
            writes.put(Layout.trustedKey(id), normalized(publicKeyPem));
            writes.put(Layout.ROLES, codec.writeRoles(new Roles(next)));
            return new Change<>(new KeyTrust(id, now, true, null), writes,
                    CommitMessage.of("Trust key " + id.substring(0, 12) + " as " + String.join(", ", now),
                            Trailers.op(Operation.TRUST).put(Trailers.KEY, id).put(Trailers.ROLE, String.join(",", now)).by(signer.keyId())));
        });
        KeyTrust k = done.result();
        return new KeyTrust(k.keyId(), k.roles(), k.changed(), done.commitId());
    }

    /**
     * Trusts a CA certificate for identities: a key whose certificate chains to it and names one of the
     * identities may enrol itself ({@link #enroll()}) and then holds the roles given here (and keeps
     * the ones granted before).
     */
    public KeyTrust trustCa(String caPem, List<String> identities, List<String> roles) {
        String caId = attestations.caId(caPem);
        if (roles.isEmpty()) {
            throw new InvalidInput("no role was given", "pass --role ROLE, e.g. --role approver");
        }
        if (identities.isEmpty()) {
            throw new InvalidInput("--ca needs --identity", "name the identities (e-mail, DNS name or URI in the certificates) the CA is trusted for");
        }
        for (String identity : identities) {
            if (identity.isEmpty() || identity.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw new InvalidInput("identity '" + identity + "' is not an e-mail address, DNS name or URI",
                        "give the subject alternative name the CA writes in the certificates, e.g. alice@bank.example");
            }
        }
        Registry.Committed<KeyTrust> done = registry.update(head -> {
            RegistryView view = admin(head, Operation.TRUST);
            requireKnown(view, roles);
            boolean known = view.trustedCas().containsKey(caId);
            Set<String> lines = new TreeSet<>();
            view.caGrants(caId).forEach((identity, held) -> held.forEach(r -> lines.add(r + " " + identity)));
            boolean changed = !known;
            for (String identity : identities) {
                for (String r : roles) {
                    changed |= lines.add(r + " " + identity);
                }
            }
            Set<String> granted = new TreeSet<>(roles);
            if (!changed) {
                return Change.none(new KeyTrust(caId, granted, false, null));
            }
            Map<String, byte[]> writes = new LinkedHashMap<>();
            writes.put(Layout.trustedCa(caId), normalized(caPem));
            writes.put(Layout.caIdentities(caId), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            return new Change<>(new KeyTrust(caId, granted, true, null), writes,
                    CommitMessage.of("Trust CA " + caId.substring(0, 12) + " for " + String.join(", ", identities) + " as " + String.join(", ", granted),
                            Trailers.op(Operation.TRUST).put(Trailers.KEY, caId).put(Trailers.ROLE, String.join(",", granted)).by(signer.keyId())));
        });
        KeyTrust k = done.result();
        return new KeyTrust(k.keyId(), k.roles(), k.changed(), done.commitId());
    }

    /**
     * Enrols the acting key on the strength of its certificate: the chain leads to a CA this registry
     * trusts for one of the certificate's identities, now; the key becomes a trusted key holding the
     * roles granted to those identities, and its chain is kept under the CA's folder.
     */
    public KeyTrust enroll() {
        if (signer == null) {
            throw new InvalidInput("enrolling needs an acting key", "create one with 'airisk keys generate --name NAME'");
        }
        List<String> chain = signer.certificateChainPem();
        if (chain.isEmpty()) {
            throw new InvalidInput("key '" + signer.keyName() + "' has no certificate",
                    "attach the certificate your CA issued for it with 'airisk keys import " + signer.keyName() + " --certificate CERT.pem'");
        }
        String chainPem = String.join("", chain);
        String id = signer.keyId();
        Registry.Committed<KeyTrust> done = registry.update(head -> {
            RegistryView view = new RegistryView(head, codec);
            Enrolment.Grant grant = Enrolment.grant(view, attestations, signer.publicKeyPem(), chainPem, clock.instant(), null);
            Roles before = view.roles();
            Map<String, List<String>> next = new HashMap<>(before.byRole());
            boolean changed = grant(next, id, grant.roles()) | !view.trustedKeys().containsKey(id)
                    || !Arrays.equals(head.read(Layout.enrolledKey(grant.caId(), id)).orElse(null), chainPem.getBytes(StandardCharsets.US_ASCII));
            Set<String> now = new Roles(next).rolesOf(id);
            if (!changed) {
                return Change.none(new KeyTrust(id, now, false, null));
            }
            Map<String, byte[]> writes = new LinkedHashMap<>();
            writes.put(Layout.trustedKey(id), normalized(signer.publicKeyPem()));
            writes.put(Layout.enrolledKey(grant.caId(), id), chainPem.getBytes(StandardCharsets.US_ASCII));
            writes.put(Layout.ROLES, codec.writeRoles(new Roles(next)));
            return new Change<>(new KeyTrust(id, now, true, null), writes,
                    CommitMessage.of("Enroll key " + id.substring(0, 12) + " of " + String.join(", ", grant.identities()) + " as " + String.join(", ", now),
                            Trailers.op(Operation.ENROLL).put(Trailers.KEY, grant.caId()).put(Trailers.ROLE, String.join(",", now)).by(id)));
        });
        KeyTrust k = done.result();
        return new KeyTrust(k.keyId(), k.roles(), k.changed(), done.commitId());
    }

    /**
     * Removes a key from the trusted keys and from every role; or, given a CA's id, stops trusting the
     * CA and removes every key enrolled through it. Refuses to remove the last admin.
     */
    public KeyTrust revoke(String keyIdOrPrefix) {
        Registry.Committed<KeyTrust> done = registry.update(head -> {
            RegistryView view = admin(head, Operation.REVOKE);
            String id = resolve(view, keyIdOrPrefix);
            boolean ca = view.trustedCas().containsKey(id);
            Map<String, byte[]> writes = new LinkedHashMap<>();
            List<String> keys = new ArrayList<>();
            if (ca) {
                writes.put(Layout.trustedCa(id), null);
                writes.put(Layout.caIdentities(id), null);
                for (String file : head.children(Layout.caKeys(id))) {
                    writes.put(Layout.caKeys(id) + "/" + file, null);
                    keys.add(file.substring(0, file.length() - ".cert.pem".length()));
                }
            } else {
                keys.add(id);
                for (String caId : view.trustedCas().keySet()) {
                    if (head.read(Layout.enrolledKey(caId, id)).isPresent()) {
                        writes.put(Layout.enrolledKey(caId, id), null);
                    }
                }
            }
            Roles before = view.roles();
            Map<String, List<String>> next = new HashMap<>();
            before.byRole().forEach((r, held) -> next.put(r, held.stream().filter(k -> !keys.contains(k)).toList()));
            if (keys.stream().anyMatch(k -> before.has(k, Actors.ADMIN))
                    && next.getOrDefault(Actors.ADMIN, List.of()).stream().noneMatch(k -> view.trustedKeys().containsKey(k))) {
                throw new Conflict((ca ? "CA " + id.substring(0, 12) + " enrolled" : "key " + id.substring(0, 12) + " is") + " the registry's last admin",
                        "trust another admin key first with 'airisk keys trust KEY.pub.pem --role admin'");
            }
            keys.forEach(k -> writes.put(Layout.trustedKey(k), null));
            writes.put(Layout.ROLES, codec.writeRoles(new Roles(next)));
            String what = ca ? "CA " + id.substring(0, 12) + (keys.isEmpty() ? "" : " and the " + keys.size() + " key(s) enrolled through it")
                    : "key " + id.substring(0, 12) + " (held " + String.join(", ", before.rolesOf(id)) + ")";
            return new Change<>(new KeyTrust(id, new TreeSet<>(), true, null), writes,
                    CommitMessage.of("Revoke " + what, Trailers.op(Operation.REVOKE).put(Trailers.KEY, id).by(signer.keyId())));
        });
        KeyTrust k = done.result();
        return new KeyTrust(k.keyId(), k.roles(), k.changed(), done.commitId());
    }

    /** The policy in force and its text (empty text when the registry has no policy.yaml). */
    public PolicyText show() {
        RegistryView view = new RegistryView(registry.head(), codec);
        byte[] text = view.snapshot().read(Layout.POLICY).orElse(new byte[0]);
        return new PolicyText(view.policy(), text, false, null);
    }

    /** Validates a policy file against this registry's environments (or the default ones when there is no registry). */
    public static Policy validate(RegistryCodec codec, byte[] text, String file, List<String> environments) {
        Limits.POLICY.check(file, text.length);
        return codec.readPolicy(text, file, environments);
    }

    /** Validates and stores a policy, byte for byte as given (comments kept). */
    public PolicyText set(byte[] text, String file) {
        Limits.POLICY.check(file, text.length);
        Registry.Committed<PolicyText> done = registry.update(head -> {
            RegistryView view = admin(head, Operation.POLICY_SET);
            Policy policy = codec.readPolicy(text, file, view.settings().environments());
            if (Arrays.equals(head.read(Layout.POLICY).orElse(null), text)) {
                return Change.none(new PolicyText(policy, text, false, null));
            }
            Map<String, byte[]> writes = new LinkedHashMap<>();
            writes.put(Layout.POLICY, text.clone());
            return new Change<>(new PolicyText(policy, text, true, null), writes,
                    CommitMessage.of("Set policy from " + file, Trailers.op(Operation.POLICY_SET).by(signer.keyId())));
        });
        PolicyText p = done.result();
        return new PolicyText(p.policy(), p.text(), p.changed(), done.commitId());
    }

    private RegistryView admin(Snapshot head, Operation op) {
        RegistryView view = new RegistryView(head, codec);
        Actors.require(view, signer, op);
        return view;
    }

    /** Adds key {@code id} to each of {@code roles} in {@code byRole}; whether it held any of them not yet. */
    private static boolean grant(Map<String, List<String>> byRole, String id, Collection<String> roles) {
        boolean changed = false;
        for (String r : roles) {
            List<String> keys = new ArrayList<>(byRole.getOrDefault(r, List.of()));
            if (!keys.contains(id)) {
                keys.add(id);
                changed = true;
            }
            byRole.put(r, keys);
        }
        return changed;
    }

    private static void requireKnown(RegistryView view, List<String> roles) {
        Set<String> known = Actors.knownRoles(view.policy());
        for (String r : roles) {
            if (!known.contains(r)) {
                throw new InvalidInput("role '" + r + "' is neither built in nor named by the policy",
                        "use one of " + String.join(", ", known));
            }
        }
    }

    private static String resolve(RegistryView view, String prefix) {
        if (!prefix.matches("[0-9a-f]{8,64}")) {
            throw new InvalidInput("'" + prefix + "' is not a key id", "give the key id (at least 8 hex characters) shown by 'airisk keys list'");
        }
        List<String> matches = Stream.concat(view.trustedKeys().keySet().stream(), view.trustedCas().keySet().stream())
                .filter(k -> k.startsWith(prefix)).distinct().toList();
        if (matches.isEmpty()) {
            throw new NotFound("key " + prefix + " is not trusted by this registry", "see the trusted keys with 'airisk keys trusted'");
        }
        if (matches.size() > 1) {
            throw new InvalidInput("key id prefix " + prefix + " matches " + matches.size() + " keys", "give more of the key id");
        }
        return matches.get(0);
    }

    private static byte[] normalized(String pem) {
        String s = pem.strip().replace("\r\n", "\n") + "\n";
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
