package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options and parameters typed as model references, versions and durations: a bad value is the core's
 * own error line (exit 2) whichever command it is given to, a value with a control character is refused
 * as any other option is, and nothing changes.
 */
class TypedOptionsTest {
    @TempDir
    static Path tmp;
    static Harness h;

    private static final String NOT_A_REF = "airisk: error: 'churn' is not a model reference (write it as NAME@VERSION, e.g. churn@1.4.0)";
    private static final String NOT_A_VERSION = "airisk: error: version '1.x' is not a semantic version "
            + "(use MAJOR.MINOR.PATCH, e.g. 1.4.0 or 1.4.0-rc.1)";

    @BeforeAll
    static void registry() {
        h = Harness.initialised(tmp);
        h.ok("register", h.model("m1", "one").toString(), "--model", "churn", "--version", "1.0.0", "--meta", h.releasableMeta().toString());
    }

    @Test
    void modelReference_isRefusedTheSameByEveryCommand() {
        h.refused(2, NOT_A_REF, "promote", "churn", "--to", "dev");
        h.refused(2, NOT_A_REF, "canary", "start", "churn", "--env", "dev", "--weight", "10");
        h.refused(2, NOT_A_REF, "approve", "churn", "--for", "prod", "--role", "approver");
        h.refused(2, NOT_A_REF, "deprecate", "churn@1.0.0", "--retire-on", "2099-01-01", "--replacement", "churn", "--reason", "r");
        h.refused(2, NOT_A_REF.replace("'churn'", "'churn@'"), "verify", "churn@");
        h.refused(2, "airisk: error: version 'x' is not a semantic version (use MAJOR.MINOR.PATCH, e.g. 1.4.0 or 1.4.0-rc.1)",
                "pull", "churn@x", "--to", tmp.resolve("out").toString());
    }

    @Test
    void version_isRefusedTheSameAsARegisteredOne() {
        h.refused(2, NOT_A_VERSION, "rollback", "churn", "--env", "dev", "--to", "1.x", "--reason", "r", "--yes");
        h.refused(2, NOT_A_VERSION, "register", h.model("m2", "two").toString(), "--model", "churn", "--version", "1.x");
    }

    @Test
    void duration_isRefusedWithTheAcceptedForms() {
        h.refused(2, "airisk: error: duration 'soon' is malformed (write a number and a unit s, m, h, d or w, e.g. 15m, 24h or 30d)",
                "approve", "churn@1.0.0", "--for", "prod", "--role", "approver", "--expires", "soon");
    }

    @Test
    void typedValueWithAControlCharacter_isRefusedAsAnyOtherOption() {
        h.refused(2, "airisk: error: <model@version> contains the control character U+001B at character 6 "
                + "(write it as one line of printable text)", "promote", "churn\u001b@1.0.0", "--to", "dev");
        h.refused(2, "airisk: error: --expires contains the control character U+0007 at character 3 "
                + "(write it as one line of printable text)", "approve", "churn@1.0.0", "--for", "prod", "--role", "approver",
                "--expires", "1d\u0007");
    }

    @Test
    void refusedValue_withStacktrace_showsWhereItWasRefused() {
        Harness.Result r = h.run("promote", "churn", "--to", "dev", "--stacktrace");
        assertEquals(2, r.code());
        assertEquals(NOT_A_REF, r.firstErrLine());
        assertTrue(r.err().contains("at dev.airisk.core.model.ModelRef.parse"), r.err());
    }
}
