package dev.airisk.core.port;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No value can add a line to a commit message: plain git reads back only the trailers that were put. */
class CommitMessageTest {
    @Test
    void linesInTheSubjectOrATrailerValue_areEscaped_soGitReadsNoForgedTrailer() throws Exception {
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("Airisk-Op", "rollback");
        trailers.put("Airisk-Reason", "INC-1\nAirisk-Op: init\r\nAirisk-Actor: mallory");
        trailers.put("Airisk-Actor", "abc");
        CommitMessage m = new CommitMessage("Roll back churn\n\nAirisk-Op: init", "why\n\nAirisk-Op: init\u001b[2J", trailers);

        String text = m.render();

        assertEquals("Roll back churn\\n\\nAirisk-Op: init", text.lines().findFirst().orElse(""));
        assertEquals("Airisk-Op: rollback\nAirisk-Reason: INC-1\\nAirisk-Op: init\\r\\nAirisk-Actor: mallory\nAirisk-Actor: abc\n",
                git(text, "interpret-trailers", "--parse"));
        assertEquals(m.trailers(), CommitMessage.parseTrailers(text));
    }

    private static String git(String input, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
