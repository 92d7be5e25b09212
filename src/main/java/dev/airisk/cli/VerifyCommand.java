package dev.airisk.cli;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.release.VerifyReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk verify}: re-hash every blob and check model.sig and record.sig; exit 4 on any mismatch. */
@Command(name = "verify", description = "Re-read and re-hash every file from the store, recompute the root digest, and check model.sig and record.sig (the signed record.yaml) against the trusted keys, and a vendor model's vendor.sig against the vendor's keys or CA in policy.yaml.",
        footerHeading = "%nExamples:%n",
        footer = {"  Re-hash one version from the store and check its signatures:",
                "    airisk verify churn@1.4.0",
                "  Every version of every model:",
                "    airisk verify --all --format json"})
final class VerifyCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ReadOptions read;
    @Mixin OutputOptions output;
    @Parameters(paramLabel = "<model@version>", arity = "0..1", description = "The version to verify.")
    ModelRef ref;
    @Option(names = "--all", description = "Verify every version in the registry.")
    boolean all;

    @Override
    public Integer call() {
        if (all == (ref != null)) {
            throw new InvalidInput("give either NAME@VERSION or --all", "e.g. 'airisk verify churn@1.4.0' or 'airisk verify --all'");
        }
        var integrity = read.servicesCheckingAfresh().integrity();
        List<VerifyReport> reports = all ? integrity.verifyAll() : List.of(integrity.verify(ref));
        boolean ok = reports.stream().allMatch(VerifyReport::ok);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, VersionOutput.Verified.of(ok, reports));
        } else {
            for (VerifyReport r : reports) {
                print(out, r);
            }
            if (all) {
                long bad = reports.stream().filter(r -> !r.ok()).count();
                out.println(reports.size() + " versions verified, " + bad + " with problems");
            }
            out.flush();
        }
        if (!ok) {
            PrintWriter err = spec.commandLine().getErr();
            long bad = reports.stream().filter(r -> !r.ok()).count();
            VerifyReport.RecordCheck record = reports.get(0).recordSignature();
            VerifyReport.VendorCheck vendor = reports.get(0).vendorSignature();
            if (!all && record.problem() != null) {
                err.println("airisk: error: " + reports.get(0).ref() + ": " + record.problem() + " (" + record.fix() + ")");
            } else if (!all && vendor != null && vendor.problem() != null && reports.get(0).signature().problem() == null
                    && reports.get(0).failures().isEmpty()) {
                err.println("airisk: error: " + reports.get(0).ref() + ": " + vendor.problem()
                        + " (do not use this version; restore vendor.sig from a good copy of the registry, or check the vendor's keys in policy.yaml)");
            } else {
                err.println("airisk: error: " + (all ? bad + " of " + reports.size() + " versions" : reports.get(0).ref().toString())
                        + " failed verification (the store or the registry was changed; do not use these versions)");
            }
            err.flush();
            return ExitCodes.INTEGRITY;
        }
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, VerifyReport r) {
        if (r.ok()) {
            out.println(r.ref() + ": OK (" + r.files().size() + " files, root sha256:" + r.rootDigest()
                    + ", signed by " + r.signature().keyId()
                    + (r.vendorSignature() == null ? "" : "; vendor " + r.vendorSignature().vendor() + ", signed by "
                            + r.vendorSignature().signer()) + ")");
            return;
        }
        out.println(r.ref() + ": FAILED");
        for (VerifyReport.FileCheck f : r.failures()) {
            out.println("  " + f.status().name().toLowerCase(Locale.ROOT) + ": " + f.path() + " (sha256:" + f.sha256().shortHex() + ", "
                    + f.size() + " bytes; object " + f.object() + ")");
        }
        if (r.signature().problem() != null) {
            out.println("  signature: " + r.signature().problem());
        }
        if (r.recordSignature().problem() != null) {
            out.println("  record: " + r.recordSignature().problem());
        }
        if (r.vendorSignature() != null && r.vendorSignature().problem() != null) {
            out.println("  vendor: " + r.vendorSignature().problem());
        }
    }
}
