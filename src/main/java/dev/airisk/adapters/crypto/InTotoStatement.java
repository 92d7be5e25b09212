package dev.airisk.adapters.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.model.Sha256;

/**
 * An in-toto Statement v1 about one subject identified by SHA-256, the payload of airisk's DSSE
 * envelopes: the model signature (subject: the model's root digest) and approvals.
 */
public record InTotoStatement(String subjectName, Sha256 subjectDigest, String predicateType, ObjectNode predicate) {
    /** The statement {@code _type}. */
    public static final String TYPE = "https://in-toto.io/Statement/v1";

    public InTotoStatement {
        if (subjectName == null || subjectName.isBlank() || subjectDigest == null
                || predicateType == null || predicateType.isBlank() || predicate == null) {
            throw new IllegalArgumentException("an in-toto statement needs a subject name and digest, a predicate type and a predicate");
        }
        predicate = predicate.deepCopy();
    }

    @Override
    public ObjectNode predicate() {
        return predicate.deepCopy();
    }

    /** The statement as compact JSON: {@code _type}, {@code subject}, {@code predicateType}, {@code predicate}. */
    public byte[] encode() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("_type", TYPE);
        ObjectNode subject = root.putArray("subject").addObject();
        subject.put("name", subjectName);
        subject.putObject("digest").put("sha256", subjectDigest.hex());
        root.put("predicateType", predicateType);
        root.set("predicate", predicate);
        return Json.write(root);
    }

    /** Reads a statement strictly: its type, exactly one subject with a SHA-256 digest, a predicate object. */
    public static InTotoStatement decode(byte[] json, String what) {
        ObjectNode root = Json.parseObject(json, what);
        if (!root.has("_type")) {
            throw Json.malformed(what, "is not an in-toto statement: it has no '_type'");
        }
        Json.expect(root, "_type", TYPE, what);
        ArrayNode subjects = Json.array(root, "subject", what);
        if (subjects.size() != 1 || !subjects.get(0).isObject()) {
            throw Json.malformed(what, "has " + subjects.size() + " subjects, not one");
        }
        JsonNode subject = subjects.get(0);
        String name = Json.text(subject, "name", what);
        String digest = Json.text(Json.object(subject, "digest", what), "sha256", what);
        String predicateType = Json.text(root, "predicateType", what);
        ObjectNode predicate = Json.object(root, "predicate", what);
        if (name.isBlank()) {
            throw Json.malformed(what, "has a subject without a name");
        }
        try {
            return new InTotoStatement(name, new Sha256(digest), predicateType, predicate);
        } catch (InvalidInput e) {
            throw Json.malformed(what, "has a subject digest that is not 64 lower-case hex characters");
        }
    }
}
