package dev.airisk.adapters.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.Attestations;
import dev.airisk.core.port.Attestations.SignedStatement;
import dev.airisk.core.port.Attestations.Statement;
import dev.airisk.core.port.Signer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signed statements (approvals, attachments, checklist answers): DSSE envelopes of in-toto Statements v1. */
class SigstoreAttestationsStatementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPROVAL = "https://airisk.dev/approval/v1";
    private static final Sha256 ROOT = Sha256.digest("churn 1.4.0".getBytes(StandardCharsets.UTF_8));

    private static Signer signer;
    private static Map<String, String> trusted;

    private final SigstoreAttestations attestations = new SigstoreAttestations();

    @TempDir
    Path dir;

    @BeforeAll
    static void generateKey() {
        signer = TestSigner.generate(KeyType.ECDSA_P256, "approver");
        trusted = Map.of(signer.keyId(), signer.publicKeyPem());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void signStatement_thenVerify_returnsTheSigningKeyAndTheStatement(KeyType type) {
        Signer key = TestSigner.generate(type, "approver");
        Statement statement = approval();

        SignedStatement signed = attestations.verifyStatement(attestations.signStatement(statement, key),
                Map.of(key.keyId(), key.publicKeyPem()));

        assertEquals(new SignedStatement(key.keyId(), statement), signed);
    }

    @Test
    void verifyStatement_returnsThePredicateAsPlainJavaValues_inDocumentOrder() {
        Map<String, Object> predicate = new LinkedHashMap<>();
        predicate.put("zeta", "last letter, first key");
        predicate.put("count", 3);
        predicate.put("big", 9_007_199_254_740_993L);
        predicate.put("ratio", 0.25);
        predicate.put("whole", 2.0);
        predicate.put("exact", new BigDecimal("0.1"));
        predicate.put("yes", true);
        predicate.put("none", null);
        predicate.put("list", List.of("a", 1L, List.of(), Map.of("k", false)));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("b", "second");
        nested.put("a", "first");
        predicate.put("nested", nested);

        Map<String, Object> read = attestations.verifyStatement(attestations.signStatement(
                new Statement(APPROVAL, "churn", ROOT, predicate), signer), trusted).statement().predicate();

        assertEquals(List.of("zeta", "count", "big", "ratio", "whole", "exact", "yes", "none", "list", "nested"),
                List.copyOf(read.keySet()));
        assertInstanceOf(LinkedHashMap.class, read);
        assertEquals(3L, read.get("count"), "integral numbers come back as Long");
        assertEquals(9_007_199_254_740_993L, read.get("big"), "a Long beyond a double's precision stays exact");
        assertEquals(0.25, read.get("ratio"));
        assertEquals(2.0, read.get("whole"), "a number written with a fraction stays a Double");
        assertEquals(0.1, read.get("exact"));
        assertEquals(true, read.get("yes"));
        assertTrue(read.containsKey("none"));
        assertNull(read.get("none"));
        assertEquals(List.of("a", 1L, List.of(), Map.of("k", false)), read.get("list"));
        assertEquals(List.of("b", "a"), List.copyOf(((Map<?, ?>) read.get("nested")).keySet()));
        assertInstanceOf(LinkedHashMap.class, read.get("nested"));
    }

    @Test
    void signStatement_writesACompactDsseEnvelopeOfAnInTotoStatement_endingInANewline() throws IOException {
        byte[] file = attestations.signStatement(approval(), signer);
        String text = new String(file, StandardCharsets.UTF_8);
        JsonNode envelope = JSON.readTree(file);
        byte[] payload = Base64.getDecoder().decode(envelope.get("payload").asText());

        assertTrue(text.endsWith("}\n") && text.indexOf('\n') == text.length() - 1, text);
        assertEquals(List.of("payload", "payloadType", "signatures"), fieldNames(envelope));
        assertEquals("application/vnd.in-toto+json", envelope.get("payloadType").asText());
        assertEquals(1, envelope.get("signatures").size());
        assertEquals(List.of("sig", "keyid"), fieldNames(envelope.at("/signatures/0")));
        assertEquals(signer.keyId(), envelope.at("/signatures/0/keyid").asText());
        assertEquals("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"churn\",\"digest\":{\"sha256\":\""
                + ROOT.hex() + "\"}}],\"predicateType\":\"" + APPROVAL + "\",\"predicate\":{\"version\":\"1.4.0\",\"env\":\"prod\","
                + "\"decision\":\"approved\",\"at\":\"2025-03-04T05:06:07Z\",\"expires_in_days\":30,\"conditions\":[\"shadow for a week\"],"
                + "\"scores\":{\"auc\":0.91}}}", new String(payload, StandardCharsets.UTF_8));
    }

    @Test
    void signStatement_withEd25519_isTheSameBytesEachTime() {
        Signer ed25519 = TestSigner.generate(KeyType.ED25519, "approver");

        assertArrayEquals(attestations.signStatement(approval(), ed25519), attestations.signStatement(approval(), ed25519));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void opensslVerifiesTheStatementSignatureOverTheDssePae(KeyType type) throws IOException {
        Signer key = TestSigner.generate(type, "approver");
        JsonNode envelope = JSON.readTree(attestations.signStatement(approval(), key));
        String payloadType = envelope.get("payloadType").asText();
        byte[] payload = Base64.getDecoder().decode(envelope.get("payload").asText());
        byte[] sig = Base64.getDecoder().decode(envelope.at("/signatures/0/sig").asText());

        Tool.Result result = Tool.opensslVerify(dir, type, key.publicKeyPem(), pae(payloadType, payload), sig).succeeded();

        assertTrue(result.out().contains(type.isEcdsa() ? "Verified OK" : "Signature Verified Successfully"), result.out());
        byte[] changed = new String(payload, StandardCharsets.UTF_8).replace("approved", "rejected").getBytes(StandardCharsets.UTF_8);
        Tool.opensslVerify(dir, type, key.publicKeyPem(), pae(payloadType, changed), sig).failed();
    }

    @Test
    void verifyStatement_withAChangedPayload_doesNotVerify() throws IOException {
        ObjectNode envelope = (ObjectNode) JSON.readTree(attestations.signStatement(approval(), signer));
        String statement = new String(Base64.getDecoder().decode(envelope.get("payload").asText()), StandardCharsets.UTF_8);
        envelope.put("payload", Base64.getEncoder().encodeToString(
                statement.replace("\"prod\"", "\"staging\"").getBytes(StandardCharsets.UTF_8)));

        assertRejected("statement envelope has a signature that does not verify with key " + shortId(signer) + " "
                + "(its payload or signature was changed after signing; sign it again)", JSON.writeValueAsBytes(envelope), trusted);
    }

    @Test
    void verifyStatement_withAChangedSignature_doesNotVerify() throws IOException {
        ObjectNode envelope = (ObjectNode) JSON.readTree(attestations.signStatement(approval(), signer));
        byte[] sig = Base64.getDecoder().decode(envelope.at("/signatures/0/sig").asText());
        sig[sig.length - 3] ^= 1;
        ((ObjectNode) envelope.at("/signatures/0")).put("sig", Base64.getEncoder().encodeToString(sig));

        assertRejected("statement envelope has a signature that does not verify with key " + shortId(signer) + " "
                + "(its payload or signature was changed after signing; sign it again)", JSON.writeValueAsBytes(envelope), trusted);
    }

    @Test
    void verifyStatement_signedByAnotherKeyThanItsKeyIdNames_doesNotVerify() throws IOException {
        Signer other = TestSigner.generate(KeyType.ECDSA_P256, "mallory");
        ObjectNode envelope = (ObjectNode) JSON.readTree(attestations.signStatement(approval(), other));
        ((ObjectNode) envelope.at("/signatures/0")).put("keyid", signer.keyId());

        assertRejected("statement envelope has a signature that does not verify with key " + shortId(signer) + " "
                + "(its payload or signature was changed after signing; sign it again)", JSON.writeValueAsBytes(envelope), trusted);
    }

    @Test
    void verifyStatement_byAnUntrustedKey_namesTheKey() {
        Signer stranger = TestSigner.generate(KeyType.ED25519, "stranger");

        assertRejected("statement envelope is signed by key " + shortId(stranger) + " which is not trusted "
                + "(sign it with a trusted key, or ask an admin to trust that key)",
                attestations.signStatement(approval(), stranger), trusted);
        assertRejected("statement envelope is signed by key " + shortId(stranger) + " which is not trusted "
                + "(sign it with a trusted key, or ask an admin to trust that key)",
                attestations.signStatement(approval(), stranger), Map.of());
    }

    @Test
    void verifyStatement_withSeveralSignatures_acceptsTheFirstByATrustedKeyThatVerifies() {
        Signer stranger = TestSigner.generate(KeyType.ED25519, "stranger");
        Signer second = TestSigner.generate(KeyType.ED25519, "second");
        byte[] payload = new InTotoStatement("churn", ROOT, APPROVAL, Json.objectOf(approval().predicate(), "predicate")).encode();
        Dsse.Signature byStranger = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, payload, stranger).signatures().get(0);
        Dsse.Signature bySigner = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, payload, signer).signatures().get(0);
        Dsse.Signature bySecond = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, payload, second).signatures().get(0);
        Dsse.Signature broken = new Dsse.Signature(signer.keyId(), bySecond.sig());
        Map<String, String> both = Map.of(signer.keyId(), signer.publicKeyPem(), second.keyId(), second.publicKeyPem());

        assertEquals(signer.keyId(), attestations.verifyStatement(Dsse.write(new Dsse.Envelope(Dsse.IN_TOTO_PAYLOAD_TYPE, payload,
                List.of(byStranger, bySigner, bySecond))), both).keyId());
        assertEquals(second.keyId(), attestations.verifyStatement(Dsse.write(new Dsse.Envelope(Dsse.IN_TOTO_PAYLOAD_TYPE, payload,
                List.of(broken, bySecond, bySigner))), both).keyId());
        assertRejected("statement envelope holds no signature (sign it again)",
                Dsse.write(new Dsse.Envelope(Dsse.IN_TOTO_PAYLOAD_TYPE, payload, List.of())), trusted);
    }

    @Test
    void verifyStatement_ofSomethingThatIsNotADsseEnvelope_isRejected() {
        String fix = " (it was damaged or edited; sign it again)";
        IntegrityFailure notJson = assertThrows(IntegrityFailure.class,
                () -> attestations.verifyStatement(bytes("approved: yes\n"), trusted));
        assertTrue(notJson.getMessage().startsWith("statement envelope is not valid JSON: "), notJson.getMessage());
        assertRejected("statement envelope is not a JSON object" + fix, bytes("[]"), trusted);
        assertRejected("statement envelope has no string 'payload'" + fix, bytes("{}"), trusted);
        assertRejected("statement envelope has no array 'signatures'" + fix,
                bytes("{\"payload\":\"e30=\",\"payloadType\":\"application/vnd.in-toto+json\"}"), trusted);
        assertRejected("statement envelope has a 'payload' that is not base64" + fix,
                bytes("{\"payload\":\"not base64!\",\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[]}"), trusted);
        byte[] good = attestations.signStatement(approval(), signer);
        assertThrows(IntegrityFailure.class, () -> attestations.verifyStatement(concat(good, bytes("{}")), trusted));
        IntegrityFailure duplicate = assertThrows(IntegrityFailure.class, () -> attestations.verifyStatement(
                bytes(new String(good, StandardCharsets.UTF_8).replaceFirst("\\{", "{\"payloadType\":\"text/plain\",")), trusted));
        assertTrue(duplicate.getMessage().contains("Duplicate field 'payloadType'"), duplicate.getMessage());
    }

    @Test
    void verifyStatement_withAnotherPayloadType_isRejected() {
        byte[] payload = new InTotoStatement("churn", ROOT, APPROVAL, Json.objectOf(approval().predicate(), "predicate")).encode();

        assertRejected("statement envelope has payload type 'application/json', not 'application/vnd.in-toto+json' "
                + "(it was damaged or edited; sign it again)", Dsse.write(Dsse.sign("application/json", payload, signer)), trusted);
    }

    @Test
    void verifyStatement_whosePayloadIsNotAnInTotoStatement_isRejected() {
        String fix = " (it was damaged or edited; sign it again)";
        String good = new String(new InTotoStatement("churn", ROOT, APPROVAL,
                Json.objectOf(approval().predicate(), "predicate")).encode(), StandardCharsets.UTF_8);

        assertRejected("statement envelope payload is not an in-toto statement: it has no '_type'" + fix,
                signed("{\"approved\":true}"), trusted);
        assertRejected("statement envelope payload is not a JSON object" + fix, signed("\"approved\""), trusted);
        assertRejected("statement envelope payload has _type 'https://in-toto.io/Statement/v0.1', not 'https://in-toto.io/Statement/v1'"
                + fix, signed(good.replace("Statement/v1", "Statement/v0.1")), trusted);
        assertRejected("statement envelope payload has 2 subjects, not one" + fix,
                signed(good.replace("\"subject\":[{", "\"subject\":[{\"name\":\"fraud\",\"digest\":{\"sha256\":\"" + ROOT + "\"}},{")),
                trusted);
        assertRejected("statement envelope payload has no string 'sha256'" + fix,
                signed(good.replace("\"sha256\":", "\"sha512\":")), trusted);
        assertRejected("statement envelope payload has no object 'predicate'" + fix,
                signed(good.replace("\"predicate\":{", "\"predicate\":[{").replaceFirst("}}$", "}]}")), trusted);
        IntegrityFailure notJson = assertThrows(IntegrityFailure.class, () -> attestations.verifyStatement(signed("not json"), trusted));
        assertTrue(notJson.getMessage().startsWith("statement envelope payload is not valid JSON: "), notJson.getMessage());
    }

    @Test
    void signStatement_withAPredicateValueThatIsNotJson_isRefused() {
        Map<String, Object> predicate = new LinkedHashMap<>();
        predicate.put("list", new ArrayList<>(List.of("ok", Map.of("at", Instant.EPOCH))));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> attestations.signStatement(new Statement(APPROVAL, "churn", ROOT, predicate), signer));

        assertEquals("predicate.list[1].at is a java.time.Instant, not a JSON value (String, Boolean, Number, List, Map or null)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> attestations.signStatement(
                new Statement(APPROVAL, "churn", ROOT, Map.of("ratio", Double.NaN)), signer));
    }

    @Test
    void signStatement_ofAStatementWithoutASubjectNameOrPredicate_isRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> attestations.signStatement(new Statement(APPROVAL, " ", ROOT, Map.of()), signer));
        assertThrows(IllegalArgumentException.class,
                () -> attestations.signStatement(new Statement(APPROVAL, "churn", ROOT, null), signer));
    }

    @Test
    void verifyStatements_ofMany_givesEachEnvelopesOwnOutcome_inOrder_asVerifyingThemOneByOne() {
        Signer stranger = TestSigner.generate(KeyType.ECDSA_P256, "stranger");
        List<byte[]> envelopes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] good = attestations.signStatement(approval(), signer);
            if (i % 7 == 3) {
                byte[] tampered = good.clone();
                String text = new String(tampered, StandardCharsets.UTF_8);
                // a flipped character in the signature
                int at = text.indexOf("\"sig\"") + 10;
                tampered = (text.substring(0, at) + (text.charAt(at) == 'A' ? 'B' : 'A') + text.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
                envelopes.add(tampered);
            } else if (i % 7 == 5) {
                envelopes.add(attestations.signStatement(approval(), stranger));
            } else {
                envelopes.add(good);
            }
        }
        List<Attestations.Checked> all = attestations.verifyStatements(envelopes, trusted);
        assertEquals(envelopes.size(), all.size());
        int failed = 0;
        for (int i = 0; i < envelopes.size(); i++) {
            Attestations.Checked one = new SigstoreAttestations().checked(envelopes.get(i), trusted);
            Attestations.Checked c = all.get(i);
            assertEquals(one.statement(), c.statement(), "envelope " + i);
            assertEquals(one.failure() == null ? null : one.failure().getMessage(), c.failure() == null ? null : c.failure().getMessage(),
                    "envelope " + i);
            if (i % 7 == 3 || i % 7 == 5) {
                assertInstanceOf(IntegrityFailure.class, c.failure(), "envelope " + i);
                failed++;
            } else {
                assertEquals(new SignedStatement(signer.keyId(), approval()), c.statement());
            }
        }
        assertEquals(11, failed);
    }

    private static Statement approval() {
        Map<String, Object> predicate = new LinkedHashMap<>();
        predicate.put("version", "1.4.0");
        predicate.put("env", "prod");
        predicate.put("decision", "approved");
        predicate.put("at", "2025-03-04T05:06:07Z");
        predicate.put("expires_in_days", 30L);
        predicate.put("conditions", List.of("shadow for a week"));
        predicate.put("scores", Map.of("auc", 0.91));
        return new Statement(APPROVAL, "churn", ROOT, predicate);
    }

    /** An in-toto envelope over any payload, signed by the trusted test key. */
    private static byte[] signed(String payload) {
        return Dsse.write(Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, bytes(payload), signer));
    }

    private void assertRejected(String oneLine, byte[] envelope, Map<String, String> trustedKeys) {
        IntegrityFailure e = assertThrows(IntegrityFailure.class, () -> attestations.verifyStatement(envelope, trustedKeys));
        assertEquals(oneLine, e.oneLine());
    }

    /** DSSE v1 PAE written out here, independently of {@link Dsse#pae}. */
    private static byte[] pae(String type, byte[] payload) {
        byte[] head = ("DSSEv1 " + type.getBytes(StandardCharsets.UTF_8).length + " " + type + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        return concat(head, payload);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String shortId(Signer key) {
        return key.keyId().substring(0, 12) + "…";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
