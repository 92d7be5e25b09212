package dev.airisk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class RedactTest {
    @Test
    void credentials_areRemovedFromEveryUrlInAText() {
        assertEquals("cannot reach https://host/x.git and http://127.0.0.1:9000/b (from s3://bucket/p)",
                Redact.credentials("cannot reach https://alice:pw@host/x.git and http://TOKEN@127.0.0.1:9000/b (from s3://k:s@bucket/p)"));
        assertEquals("'https:///host:badport/x'", Redact.credentials("'https:///u:p@host:badport/x'"));
        assertEquals("ftp://host/x", Redact.credentials("ftp://u:p@ss@host/x"));
    }

    @Test
    void sshKeepsItsAccountName_butNeverAPassword() {
        assertEquals("ssh://git@host/x.git", Redact.credentials("ssh://git:pw@host/x.git"));
        assertEquals("git@github.com:org/repo.git", Redact.credentials("git@github.com:org/repo.git"));
    }

    @Test
    void addressesOutsideUrls_areLeftAlone() {
        assertEquals("owner team@example.com of https://host/path@v1", Redact.credentials("owner team@example.com of https://host/path@v1"));
    }

    @Test
    void aRepeatedPassword_isReplaced_onlyWhereItStandsAlone() {
        assertEquals("https://host/x: ***: auth failed on http",
                Redact.credentials("https://u:p@host/x: p: auth failed on http", "p"));
    }

    @Test
    void classNames_arePutIntoWords() {
        assertEquals("cannot reach: unknown host: s3.example", Redact.classNames("cannot reach: java.net.UnknownHostException: s3.example"));
        assertEquals("Failed (unresolved address) to execute", Redact.classNames("Failed (UnresolvedAddressException) to execute"));
        assertEquals("unknown host", Redact.failure(new UnknownHostException()));
        assertEquals("null pointer", Redact.failure(new NullPointerException()));
        assertEquals("host.example", Redact.failure(new UnknownHostException("host.example\nsecond line")));
    }
}
