package dev.airisk.adapters.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.monitor.ColumnKind;
import dev.airisk.core.monitor.ColumnProfile;
import dev.airisk.core.monitor.ColumnRole;
import dev.airisk.core.monitor.Profile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The baseline profile's canonical JSON: the documented bytes, every double read back exactly, anything else refused. */
class ProfileJsonTest {
    final ProfileJson json = new ProfileJson();

    static final Profile PROFILE = new Profile("credit", "1.0.0", "sample.csv", "ab".repeat(32), 10, List.of(
            new ColumnProfile("age", ColumnRole.FEATURE, ColumnKind.NUMERIC, 10, 1, 18.0, 77.0, List.of(0.1, 1.0 / 3, 40.0),
                    null, List.of(0.1, 0.2, 0.3, 0.4)),
            new ColumnProfile("segment", ColumnRole.FEATURE, ColumnKind.CATEGORICAL, 10, 0, null, null, null,
                    List.of("retail", "büro \"x\""), List.of(0.5, 0.3, 0.2)),
            new ColumnProfile("ts", ColumnRole.TIMESTAMP, ColumnKind.TIMESTAMP, 10, 10, null, null, null, null, null)));

    @Test
    void aProfile_isWrittenInTheDocumentedLayout_andReadBackEqual() {
        byte[] bytes = json.write(PROFILE);
        assertEquals("{\"format\":1,\"model\":\"credit\",\"version\":\"1.0.0\",\"source\":\"sample.csv\",\"sha256\":\"" + "ab".repeat(32)
                + "\",\"rows\":10,\"columns\":[{\"name\":\"age\",\"role\":\"feature\",\"kind\":\"numeric\",\"count\":10,\"nulls\":1,"
                + "\"min\":18.0,\"max\":77.0,\"edges\":[0.1,0.3333333333333333,40.0],\"categories\":[],\"shares\":[0.1,0.2,0.3,0.4]},"
                + "{\"name\":\"segment\",\"role\":\"feature\",\"kind\":\"categorical\",\"count\":10,\"nulls\":0,\"min\":null,\"max\":null,"
                + "\"edges\":[],\"categories\":[\"retail\",\"büro \\\"x\\\"\"],\"shares\":[0.5,0.3,0.2]},"
                + "{\"name\":\"ts\",\"role\":\"timestamp\",\"kind\":\"timestamp\",\"count\":10,\"nulls\":10,\"min\":null,\"max\":null,"
                + "\"edges\":[],\"categories\":[],\"shares\":[]}]}", new String(bytes, StandardCharsets.UTF_8));
        assertEquals(PROFILE, json.read(bytes, "p.json"));
        assertArrayEquals(bytes, json.write(json.read(bytes, "p.json")));
    }

    @Test
    void whatIsNotAProfile_isRefusedNamingTheFile() {
        String ok = new String(json.write(PROFILE), StandardCharsets.UTF_8);
        assertEquals("p.json is not JSON", refused("{"));
        assertEquals("p.json is of profile format 2, not 1", refused(ok.replace("\"format\":1", "\"format\":2")));
        assertEquals("p.json has an unknown key 'extra'", refused(ok.replace("\"rows\":10,", "\"rows\":10,\"extra\":1,")));
        assertEquals("p.json has role 'weight', which is not one airisk knows", refused(ok.replace("\"role\":\"feature\"", "\"role\":\"weight\"")));
        assertEquals("p.json is not a baseline profile: 'age' has 4 bin shares for 3 bins",
                refused(ok.replace("[0.1,0.3333333333333333,40.0]", "[0.1,40.0]")));
        assertEquals("p.json is not a baseline profile: the bin edges of 'age' do not increase",
                refused(ok.replace("[0.1,0.3333333333333333,40.0]", "[0.1,40.0,1.0]")));
    }

    private String refused(String text) {
        return assertThrows(InvalidInput.class, () -> json.read(text.getBytes(StandardCharsets.UTF_8), "p.json")).getMessage();
    }
}
