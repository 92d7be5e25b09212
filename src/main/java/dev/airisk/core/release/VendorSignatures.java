package dev.airisk.core.release;

import dev.airisk.core.AiriskException;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.PolicyDenied;
import dev.airisk.core.AiriskException.Unavailable;
import dev.airisk.core.io.IoErrors;
import dev.airisk.core.model.Metadata;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.model.VersionRecord;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.policy.Vendor;
import dev.airisk.core.port.ModelSigning;
import dev.airisk.core.port.ModelSigning.ModelFile;
import dev.airisk.core.port.ModelSigning.ModelFiles;
import dev.airisk.core.port.ModelSigning.Trust;
import dev.airisk.core.port.ModelSigning.Verification;
import dev.airisk.core.port.ModelSigning.VerifyOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A supplier's model signature (an OpenSSF model_signing bundle, kept as the version's vendor.sig),
 * checked against the registered files and the trust the policy lists for the vendor: its keys, or its
 * CA certificates and identities. Every registered file must be among those the signature lists, so no
 * file the vendor did not sign enters with a vendor model.
 */
final class VendorSignatures {
    private final ModelSigning signing;

    VendorSignatures(ModelSigning signing) {
        this.signing = signing;
    }

    /** What a verified vendor signature says: the vendor and who signed for it ({@code key <id>} or identities). */
    record Signed(String vendor, String signer) {
    }

    /**
     * The vendor {@code name} as the policy lists it, allowed to supply new versions; InvalidInput when
     * the policy does not list it, PolicyDenied when its support status forbids new versions.
     */
    static Vendor registrable(Policy policy, String name, ModelRef ref) {
        Vendor vendor = policy.vendor(name).orElseThrow(() -> new InvalidInput("vendor '" + name + "' is not listed in the registry's policy"
                + (policy.vendors().isEmpty() ? " (it lists no vendors)" : " (it lists " + String.join(", ", policy.vendors().keySet()) + ")"),
                "check the name, or add the vendor under 'vendors:' in policy.yaml with 'airisk policy set'"));
        if (!vendor.support().allowsRegistration()) {
            throw new PolicyDenied(ref + " was not registered: vendor '" + name + "' is " + vendor.support().id()
                    + " in the registry's policy, so no new versions of its models are accepted",
                    "register a model of a supported vendor, or change the vendor's support status in policy.yaml");
        }
        return vendor;
    }

    /**
     * Checks {@code bundle} against the files about to be registered; IntegrityFailure naming
     * {@code file} and the problems unless it verifies with the vendor's trust and signs every file.
     */
    Signed require(Vendor vendor, byte[] bundle, ModelFiles model, String file) {
        Checked c = check(vendor, bundle, model);
        if (!c.problems().isEmpty()) {
            throw new IntegrityFailure("the signature " + file + " of vendor '" + vendor.name() + "' does not hold for these files: "
                    + String.join("; ", c.problems()), "register the model exactly as the vendor signed it, or ask the vendor for its signature");
        }
        return new Signed(vendor.name(), c.signer());
    }

    /** The problems of a vendor signature over some files (none when it holds) and who signed when it verified. */
    private record Checked(List<String> problems, String signer) {
    }

    private Checked check(Vendor vendor, byte[] bundle, ModelFiles model) {
        Trust trust = vendor.certificates() ? Trust.certificates(vendor.caCertificates(), vendor.identities())
                : Trust.keys(vendor.keys());
        if (signing == null) {
            throw new IllegalStateException("vendor signatures are checked with model signing, which these services were not given");
        }
        Verification v;
        try {
            v = signing.verify(bundle, model, trust, VerifyOptions.DEFAULT);
        } catch (InvalidInput e) {
            v = Verification.failed(List.of(e.getMessage()));
        }
        if (!v.verified()) {
            return new Checked(v.problems(), null);
        }
        String signer = v.identities().isEmpty() ? "key " + v.keyId() : String.join(", ", v.identities());
        List<String> unsigned = unsigned(model, v.statement());
        return new Checked(unsigned.isEmpty() ? List.of() : List.of("it does not sign " + String.join(", ", unsigned)), signer);
    }

    /**
     * The model's files no resource of the statement covers (a file the vendor's signature recorded as
     * ignored); an empty file counts as covered by a shards statement, which cannot list it.
     */
    private static List<String> unsigned(ModelFiles model, ModelSigning.Statement statement) {
        Set<String> covered = new LinkedHashSet<>();
        boolean shards = statement.method().equals("shards");
        for (ModelSigning.Resource r : statement.resources()) {
            String name = r.name();
            if (shards) {
                int end = name.lastIndexOf(':');
                int start = end <= 0 ? -1 : name.lastIndexOf(':', end - 1);
                name = start < 0 ? name : name.substring(0, start);
            }
            covered.add(name);
        }
        List<String> out = new ArrayList<>();
        try {
            for (ModelFile f : model.list(List.of())) {
                // model_signing lists no shard for an empty file: in shards mode it is signed by its absence
                if (!covered.contains(model.singleFile() ? "." : f.path()) && !(shards && f.size() == 0)) {
                    out.add(f.path());
                }
            }
        } catch (IOException e) {
            throw new Unavailable("cannot list the model's files: " + IoErrors.describe(e), "check that they are readable", e);
        }
        return out;
    }

    /**
     * The vendor signature of a registered version, re-checked against its record (the files as
     * registered, read from the store through {@code opener} only when the signature does not list
     * SHA-256 digests of whole files) and the vendor's trust in the policy in force. Null when the
     * version is not a vendor model and has no vendor.sig.
     */
    VerifyReport.VendorCheck check(RegistryView view, VersionRecord record, ModelSigning.Opener opener) {
        ModelRef ref = record.ref();
        Metadata m = record.metadata();
        Optional<byte[]> sig = view.vendorSignature(ref);
        String name = m.vendor() == null ? null : m.vendor().name();
        if (!m.fromVendor()) {
            return sig.isEmpty() ? null : new VerifyReport.VendorCheck(name, null,
                    "vendor.sig is present but the record does not say source: vendor");
        }
        if (sig.isEmpty()) {
            return new VerifyReport.VendorCheck(name, null, "the record says source: vendor but vendor.sig is missing");
        }
        Vendor vendor = name == null ? null : view.policy().vendor(name).orElse(null);
        if (vendor == null) {
            return new VerifyReport.VendorCheck(name, null, "vendor '" + name + "' is not listed in the registry's policy");
        }
        List<ModelFile> files = new ArrayList<>();
        record.manifest().files().forEach(f -> files.add(new ModelFile(f.path(), f.size(), f.sha256(), false)));
        // a model registered from one file is signed as ".", a folder by its paths: a single file may be either
        Checked c;
        try {
            c = check(vendor, sig.get(), ModelFiles.listed(ref.name(), false, files, opener));
            if (!c.problems().isEmpty() && files.size() == 1) {
                Checked single = check(vendor, sig.get(), ModelFiles.listed(ref.name(), true, files, opener));
                c = single.problems().isEmpty() ? single : c;
            }
        } catch (Unavailable e) {
            throw e;
        } catch (AiriskException e) {
            // a stored file the signature's hashes are read from is damaged or gone
            return new VerifyReport.VendorCheck(name, null, "vendor.sig cannot be checked against the stored files: " + e.getMessage());
        }
        if (!c.problems().isEmpty()) {
            return new VerifyReport.VendorCheck(name, c.signer(), "vendor.sig: " + String.join("; ", c.problems()));
        }
        if (m.vendor().signer() != null && !m.vendor().signer().equals(c.signer())) {
            return new VerifyReport.VendorCheck(name, c.signer(), "vendor.sig is signed by " + c.signer() + " but the record states "
                    + m.vendor().signer());
        }
        return new VerifyReport.VendorCheck(name, c.signer(), null);
    }
}
