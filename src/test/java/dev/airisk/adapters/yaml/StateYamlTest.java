package dev.airisk.adapters.yaml;

import static dev.airisk.adapters.yaml.YamlRoundTripTest.KEY;
import static dev.airisk.adapters.yaml.YamlRoundTripTest.bytes;
import static dev.airisk.adapters.yaml.YamlRoundTripTest.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airisk.core.AiriskException;
import dev.airisk.core.model.ReleaseState;
import dev.airisk.core.model.ReleaseState.Canary;
import dev.airisk.core.model.ReleaseState.Env;
import dev.airisk.core.model.ReleaseState.Fallback;
import dev.airisk.core.model.ReleaseState.RolledBack;
import dev.airisk.core.model.ReleaseState.Stable;
import dev.airisk.core.model.Version;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** state.yaml: written in a fixed layout, read back to the same value, and strict on bad input. */
class StateYamlTest {
    private static final String FILE = "models/churn/state.yaml";
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    private final YamlRegistryCodec codec = new YamlRegistryCodec();

    private static Version v(String text) {
        return Version.parse(text);
    }

    static ReleaseState full() {
        Env prod = new Env(new Stable(v("1.4.0"), T, null, KEY),
                List.of(new Stable(v("1.3.0"), Instant.parse("2026-10-01T08:30:00.123456789Z"), T, KEY),
                        new Stable(v("1.2.0"), Instant.parse("2026-09-01T00:00:00Z"),
                                Instant.parse("2026-10-01T08:30:00.123456789Z"), "bob")),
                List.of(new RolledBack(v("1.5.0"), Instant.parse("2026-11-26T10:15:30Z"), KEY, "INC-4411 latency")),
                new Canary(v("1.5.1-rc.1"), 10, Instant.parse("2026-11-27T09:00:00.5Z"), KEY));
        Env staging = new Env(new Stable(v("1.5.1-rc.1"), Instant.parse("2026-11-25T00:00:00Z"), null, KEY),
                null, null, null, new Fallback(v("0.9.0"), Instant.parse("2026-11-24T00:00:00Z"), KEY));
        return new ReleaseState(Map.of("prod", prod, "staging", staging));
    }

    @Test
    void state_roundTrips_andIsWrittenInTheDocumentedLayout() {
        byte[] bytes = codec.writeState(full());
        assertEquals("""
                environments:
                  prod:
                    stable:
                      version: 1.4.0
                      since: "2026-11-20T10:00:00Z"
                      by: %1$s
                    previous:
                      - version: 1.3.0
                        since: "2026-10-01T08:30:00.123456789Z"
                        until: "2026-11-20T10:00:00Z"
                        by: %1$s
                      - version: 1.2.0
                        since: "2026-09-01T00:00:00Z"
                        until: "2026-10-01T08:30:00.123456789Z"
                        by: bob
                    rolled_back:
                      - version: 1.5.0
                        at: "2026-11-26T10:15:30Z"
                        by: %1$s
                        reason: INC-4411 latency
                    canary:
                      version: 1.5.1-rc.1
                      weight: 10
                      since: "2026-11-27T09:00:00.500Z"
                      by: %1$s
                  staging:
                    stable:
                      version: 1.5.1-rc.1
                      since: "2026-11-25T00:00:00Z"
                      by: %1$s
                    fallback:
                      version: 0.9.0
                      since: "2026-11-24T00:00:00Z"
                      by: %1$s
                """.formatted(KEY), text(bytes));
        assertEquals(full(), codec.readState(bytes, FILE));
    }

    @Test
    void writing_isStable_whateverOrderTheEnvironmentsWereAddedIn() {
        Map<String, Env> reversed = new LinkedHashMap<>();
        reversed.put("staging", full().env("staging"));
        reversed.put("prod", full().env("prod"));
        assertArrayEquals(codec.writeState(full()), codec.writeState(new ReleaseState(reversed)));
        assertArrayEquals(codec.writeState(full()), codec.writeState(codec.readState(codec.writeState(full()), FILE)));
    }

    @Test
    void whatPromoteAndRollbackMake_roundTrips() {
        Env env = Env.EMPTY.promote(v("1.0.0"), T, KEY)
                .promote(v("1.1.0"), T.plusSeconds(60), KEY)
                .withCanary(new Canary(v("1.2.0"), 99, T.plusSeconds(90), KEY))
                .promote(v("1.2.0"), T.plusNanos(120_000_000_001L), "carol");
        ReleaseState promoted = ReleaseState.EMPTY.with("prod", env);
        assertEquals(promoted, codec.readState(codec.writeState(promoted), FILE));
        ReleaseState rolledBack = promoted.with("prod", env.rollback(v("1.0.0"), T.plusSeconds(600), KEY, "INC-1"));
        assertEquals(rolledBack, codec.readState(codec.writeState(rolledBack), FILE));
    }

    @Test
    void anEmptyState_isEmpty() {
        assertEquals(ReleaseState.EMPTY, codec.readState(new byte[0], FILE));
        assertEquals(ReleaseState.EMPTY, codec.readState(bytes("# nothing released yet\n"), FILE));
        assertEquals(ReleaseState.EMPTY, codec.readState(codec.writeState(ReleaseState.EMPTY), FILE));
        assertEquals(ReleaseState.EMPTY, codec.readState(bytes("environments:\n"), FILE));
        ReleaseState withEmptyEnv = new ReleaseState(Map.of("dev", Env.EMPTY));
        assertEquals(withEmptyEnv, codec.readState(codec.writeState(withEmptyEnv), FILE));
    }

    @Test
    void aHandWrittenFlowStyleState_isRead() {
        ReleaseState state = codec.readState(bytes("""
                environments:
                  prod:
                    stable: {version: 1.4.0, since: 2026-11-20T10:00:00Z, by: alice}
                    previous:
                      - {version: 1.3.0, since: 2026-11-01T10:00:00Z, until: 2026-11-20T10:00:00Z, by: alice}
                    rolled_back:
                      - {version: 1.5.0, at: 2026-11-26T10:15:30Z, by: bob, reason: INC-4411 latency}
                    canary: {version: 1.5.0, weight: 10, since: 2026-11-21T00:00:00Z, by: alice}
                """), FILE);
        Env prod = state.env("prod");
        assertEquals(new Stable(v("1.4.0"), T, null, "alice"), prod.stable());
        assertEquals(List.of(new Stable(v("1.3.0"), Instant.parse("2026-11-01T10:00:00Z"), T, "alice")), prod.previous());
        assertEquals(List.of(new RolledBack(v("1.5.0"), Instant.parse("2026-11-26T10:15:30Z"), "bob", "INC-4411 latency")),
                prod.rolledBack());
        assertEquals(new Canary(v("1.5.0"), 10, Instant.parse("2026-11-21T00:00:00Z"), "alice"), prod.canary());
    }

    // ---- errors

    private String error(String yaml) {
        return assertThrows(AiriskException.InvalidInput.class, () -> codec.readState(bytes(yaml), FILE)).getMessage();
    }

    @Test
    void badStates_nameFileLineAndWhatIsWrong() {
        assertEquals(FILE + ": line 1: unknown key 'prod', expected one of environments", error("prod: {}\n"));
        assertEquals(FILE + ": line 3: unknown key 'current' in environments.prod, expected one of stable, previous, "
                + "rolled_back, canary, fallback", error("environments:\n  prod:\n    current: {}\n"));
        assertEquals(FILE + ": line 4: unknown key 'weight' in environments.prod.stable, expected one of version, since, "
                + "until, by", error("environments:\n  prod:\n    stable:\n      weight: 5\n"));
        assertEquals(FILE + ": line 2: environment 'Prod' is not an environment name (lower-case letters, digits, '_' or '-')",
                error("environments:\n  Prod: {}\n"));
        assertEquals(FILE + ": line 3: environments.prod.stable.version 'v1.4' is not a semantic version like 1.4.0",
                error("environments:\n  prod:\n    stable: {version: v1.4, since: 2026-11-20T10:00:00Z}\n"));
        assertEquals(FILE + ": line 3: environments.prod.stable.since is missing",
                error("environments:\n  prod:\n    stable: {version: 1.4.0}\n"));
        assertEquals(FILE + ": line 5: environments.prod.previous[0].until 'later' is not an ISO-8601 UTC time like "
                        + "2025-06-01T12:00:00Z",
                error("environments:\n  prod:\n    previous:\n      - since: 2026-11-20T10:00:00Z\n        until: later\n"
                        + "        version: 1.0.0\n"));
        assertEquals(FILE + ": line 4: environments.prod.rolled_back[0].at is missing",
                error("environments:\n  prod:\n    rolled_back:\n      - {version: 1.5.0, reason: x}\n"));
        assertEquals(FILE + ": line 3: environments.prod.canary.weight '100' is not a percentage from 0 (shadow) to 99",
                error("environments:\n  prod:\n    canary: {version: 1.5.0, weight: 100, since: 2026-11-20T10:00:00Z}\n"));
        assertEquals(FILE + ": line 3: environments.prod.canary.weight '-1' is not a percentage from 0 (shadow) to 99",
                error("environments:\n  prod:\n    canary: {version: 1.5.0, weight: -1, since: 2026-11-20T10:00:00Z}\n"));
        assertEquals(FILE + ": line 3: environments.prod.canary.weight 'ten' is not a whole number",
                error("environments:\n  prod:\n    canary: {version: 1.5.0, weight: ten, since: 2026-11-20T10:00:00Z}\n"));
        assertEquals(FILE + ": line 3: environments.prod.previous must be a list, not a mapping",
                error("environments:\n  prod:\n    previous: {version: 1.0.0}\n"));
    }
}
