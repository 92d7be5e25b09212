package dev.airisk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The last line of defence of stderr and the escaping of stdout, at the level of the functions the renderers use. */
class ErrorTextTest {
    @Test
    void unexpectedFailures_sayNoClassNameAndNoInternalMessage() {
        assertEquals("unexpected internal error (run again with --stacktrace and report it)",
                ErrorText.describe(new NullPointerException("Cannot invoke \"String.length()\" because \"s\" is null")));
        assertEquals("unexpected internal error (run again with --stacktrace and report it)",
                ErrorText.describe(new ClassCastException("class sun.net.www.protocol.ftp.FtpURLConnection cannot be cast")));
        assertEquals("cannot read or write a file: no such file or folder: /m/a.bin (check the path, its permissions and free space; "
                + "run again with --stacktrace if it persists)", ErrorText.describe(new UncheckedIOException(new NoSuchFileException("/m/a.bin"))));
    }

    @Test
    void safe_removesCredentials_classNames_secretsAndLineBreaks() {
        Map<String, String> env = Map.of("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI", "AIRISK_KEY_PASSPHRASE", "correct horse", "HOME", "/home/u");
        assertEquals("cannot reach https://host/x: unknown host: host\\nforged: *** and *** in /home/u",
                ErrorText.safe("cannot reach https://u:p@host/x: java.net.UnknownHostException: host\nforged: wJalrXUtnFEMI and correct horse in /home/u", env));
        assertEquals(ErrorText.INTERNAL, ErrorText.safe(null));
    }

    @Test
    void stdout_escapesControlCharacters_butKeepsLines() {
        StringWriter sink = new StringWriter();
        PrintWriter out = TerminalText.escaping(new PrintWriter(sink));
        out.println("churn\u001b[2J\u0007");
        out.print('\r');
        out.flush();
        assertEquals("churn\\e[2J\\x07" + System.lineSeparator() + "\\r", sink.toString());
    }

    @Test
    void tableCells_areOneLine() {
        StringWriter sink = new StringWriter();
        new Table("MODEL", "OWNER").row("churn", "team\nfraud    forged").print(new PrintWriter(sink));
        assertEquals("MODEL  OWNER\nchurn  team\\nfraud    forged\n", sink.toString().replace(System.lineSeparator(), "\n"));
    }
}
