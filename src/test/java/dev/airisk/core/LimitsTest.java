package dev.airisk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.port.Change;
import dev.airisk.core.port.CommitMessage;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitsTest {
    @Test
    void aChangeWritingAFileOverTheRegistryLimit_cannotBeMade() {
        Map<String, byte[]> writes = Map.of("models/churn/versions/1.0.0/record.yaml", new byte[(8 << 20) + 1]);
        InvalidInput e = assertThrows(InvalidInput.class, () -> new Change<>(null, writes, CommitMessage.of("x", Map.of())));
        assertEquals("models/churn/versions/1.0.0/record.yaml is 8.0 MiB; a registry file may be at most 8 MiB "
                + "(write less into one file, e.g. fewer files in one model or shorter metadata)", e.oneLine());
    }

    @Test
    void aChangeAtTheLimit_andDeletions_areFine() {
        Map<String, byte[]> writes = new HashMap<>();
        writes.put("a.yaml", new byte[8 << 20]);
        writes.put("gone.yaml", null);
        assertEquals(2, new Change<>(null, writes, CommitMessage.of("x", Map.of())).writes().size());
    }

    @Test
    void everyWrittenFileStaysReadable() {
        assertTrue(Limits.REGISTRY_FILE.max() * 2 <= Limits.REGISTRY_READ.max());
        for (Limits l : Limits.values()) {
            if (l.unit() == Limits.Unit.BYTES) {
                assertTrue(l.max() <= Limits.REGISTRY_READ.max(), l.name());
            }
        }
    }

    @Test
    void limitsAreShownAsPeopleWriteThem() {
        assertEquals("256 KiB", Limits.METADATA.shown());
        assertEquals("1 MiB", Limits.POLICY.shown());
        assertEquals("300 regions", Limits.REGIONS.shown());
        assertEquals("4096 characters", Limits.EVIDENCE.shown());
    }
}
