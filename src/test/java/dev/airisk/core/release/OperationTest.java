package dev.airisk.core.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airisk.core.Layout;
import dev.airisk.core.model.ModelRef;
import dev.airisk.core.policy.Policy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The table of operations as registries hold it: the names in the Airisk-Op trailer of every commit
 * ever written, and what each may do. A change here changes which existing histories verify.
 */
class OperationTest {
    static final String KEY = "b".repeat(64);
    static final ModelRef REF = ModelRef.parse("churn@1.4.0");
    static final String INCIDENT = "INC-20261204-1";

    /** Name on disk, roles (approvals: the role asked), outbox use, event, and a path each may write. */
    static final Map<String, String> TABLE = new LinkedHashMap<>();

    static {
        row("init", "admin", "NONE", null, Layout.ROLES);
        row("register", "publisher", "NONE", null, Layout.record(REF));
        row("approve", "risk-committee", "NONE", null, Layout.approvals(REF) + "/a.json");
        row("reject", "risk-committee", "NONE", null, Layout.approvals(REF) + "/a.json");
        row("attach", "publisher,approver", "NONE", null, Layout.attachments(REF) + "/a.json");
        row("checklist", "publisher,approver", "NONE", null, Layout.checklist(REF) + "/a.json");
        row("promote", "releaser", "QUEUE", "dev.airisk.model.promoted", Layout.state("churn"));
        row("canary-start", "releaser", "QUEUE", "dev.airisk.model.canary", Layout.state("churn"));
        row("canary-weight", "releaser", "QUEUE", "dev.airisk.model.canary", Layout.state("churn"));
        row("canary-promote", "releaser", "QUEUE", "dev.airisk.model.promoted", Layout.state("churn"));
        row("canary-abort", "releaser", "QUEUE", "dev.airisk.model.canary", Layout.state("churn"));
        row("canary-analyze", "releaser", "QUEUE", "dev.airisk.model.canary", Layout.canaryAnalyses(REF, "prod") + "/a.json");
        row("rollback", "releaser,responder", "QUEUE", "dev.airisk.model.rolled-back", Layout.state("churn"));
        row("fallback-set", "releaser", "NONE", null, Layout.state("churn"));
        row("fallback-clear", "releaser", "NONE", null, Layout.state("churn"));
        row("deprecate", "releaser", "QUEUE", "dev.airisk.model.deprecated", Layout.deprecations("churn"));
        row("undeprecate", "releaser", "QUEUE_AND_CANCEL", "dev.airisk.model.undeprecated", Layout.deprecations("churn"));
        row("trust", "admin", "NONE", null, Layout.trustedKey(KEY));
        row("revoke", "admin", "NONE", null, Layout.ROLES);
        row("enroll", "", "NONE", null, Layout.enrolledKey("c".repeat(64), KEY));
        row("policy-set", "admin", "NONE", null, Layout.POLICY);
        row("consumers-add", "admin,releaser", "NONE", null, Layout.CONSUMERS);
        row("consumers-remove", "admin,releaser", "CANCEL", null, Layout.CONSUMERS);
        row("notify-claim", "notifier,releaser", "PROGRESS", null, null);
        row("notify-record", "notifier,releaser", "PROGRESS", null, null);
        row("notices-retry", "releaser,admin", "DECIDE", null, null);
        row("notices-ack", "releaser,admin", "DECIDE", null, null);
        row("monitor-evaluate", "responder,releaser", "QUEUE", "dev.airisk.model.monitoring-breached", Layout.evaluations(REF, "prod") + "/a.json");
        row("monitor-override", "risk-committee", "NONE", null, Layout.overrides(REF, "prod") + "/a.json");
        row("monitor-rollback", "responder,releaser", "QUEUE", "dev.airisk.model.rolled-back", Layout.evaluations(REF, "prod") + "/a.json");
        row("gc", "admin", "NONE", null, Layout.collected(REF));
        row("gc-claim", "admin", "NONE", null, Layout.GC_CLAIM);
        row("incident-open", "responder,releaser", "QUEUE", "dev.airisk.model.incident-opened", Layout.incidentRecord(INCIDENT, 1, "opened"));
        row("incident-note", "responder,releaser", "NONE", null, Layout.incidentRecord(INCIDENT, 2, "note"));
        row("incident-attach", "responder,releaser", "NONE", null, Layout.incidentRecord(INCIDENT, 2, "attached"));
        row("incident-close", "responder,releaser", "QUEUE", "dev.airisk.model.incident-closed", Layout.incidentRecord(INCIDENT, 2, "closed"));
    }

    private static void row(String name, String roles, String outbox, String event, String path) {
        TABLE.put(name, roles + " | " + outbox + " | " + event + " | " + path);
    }

    @Test
    void everyOperation_keepsItsNameOnDisk_rolesOutboxUseEventAndPaths() {
        Map<String, String> actual = new LinkedHashMap<>();
        for (Operation op : Operation.values()) {
            String path = TABLE.containsKey(op.id()) ? TABLE.get(op.id()).split(" \\| ")[3] : null;
            List<String> changed = "null".equals(path) ? List.of() : List.of(path);
            String problem = op.paths(changed, new Operation.Scope(KEY, "churn", REF, "prod", "null".equals(path), INCIDENT));
            actual.put(op.id(), String.join(",", op.roles(Policy.empty(), "risk-committee")) + " | " + op.outbox() + " | " + op.event()
                    + " | " + (problem == null ? path : problem));
        }
        assertEquals(TABLE, actual);
        assertEquals(36, Operation.values().length);
    }

    @Test
    void anOperation_isFoundByItsNameOnDisk_andAnUnknownNameIsNot() {
        Arrays.stream(Operation.values()).forEach(op -> assertEquals(op, Operation.of(op.id()).orElseThrow()));
        assertEquals(Optional.empty(), Operation.of("promote-all"));
    }

    @Test
    void anOperation_mayNotWriteAnotherOperationsPaths_orATrailerItsRowDoesNotName() {
        assertEquals("changes " + Layout.POLICY + ", which its operation may not change",
                Operation.PROMOTE.paths(List.of(Layout.POLICY), new Operation.Scope(KEY, "churn", REF, "prod", false, null)));
        assertEquals("changes " + Layout.incidentRecord(INCIDENT, 2, "rolled-back") + ", which its operation may not change",
                Operation.ROLLBACK.paths(List.of(Layout.state("churn"), Layout.incidentRecord(INCIDENT, 2, "rolled-back")),
                        new Operation.Scope(KEY, "churn", REF, "prod", false, null)));
        assertEquals(null, Operation.ROLLBACK.paths(List.of(Layout.state("churn"), Layout.incidentRecord(INCIDENT, 2, "rolled-back")),
                new Operation.Scope(KEY, "churn", REF, "prod", false, INCIDENT)));
        assertEquals("changes " + Layout.incidentRecord("INC-20261204-2", 2, "note") + ", which its operation may not change",
                Operation.INCIDENT_NOTE.paths(List.of(Layout.incidentRecord("INC-20261204-2", 2, "note")),
                        new Operation.Scope(KEY, "churn", REF, "prod", false, INCIDENT)));
        assertEquals("changes nothing", Operation.REGISTER.paths(List.of(), new Operation.Scope(KEY, "churn", REF, "prod", false, null)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trailers.op(Operation.REGISTER).put(Trailers.ENV, "prod"));
        assertEquals("register writes no Airisk-Env trailer", e.getMessage());
    }
}
