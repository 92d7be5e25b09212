package dev.airisk.adapters.crypto;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airisk.core.AiriskException.IntegrityFailure;
import dev.airisk.core.model.Sha256;
import dev.airisk.core.port.ModelSigning.Resource;
import dev.airisk.core.port.ModelSigning.Statement;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The in-toto statement model_signing signs (its {@code _signing/signing.py}): predicate type
 * {@code https://model_signing/signature/v1.0}, one subject (the model's name and the SHA-256 over
 * the raw digests of the resources in the order listed), and a predicate with the serialization and
 * the resources. Also reads v0.2's {@code https://model_signing/Digests/v0.1} statements, whose
 * subjects are the files themselves (SHA-256 each) and which state no serialization
 * ({@code dsse_payload_to_manifest_compat}: files, sha256, symlinks not allowed).
 */
final class ModelSigningPayload {
    static final String PREDICATE_TYPE = "https://model_signing/signature/v1.0";
    static final String PREDICATE_TYPE_V01 = "https://model_signing/Digests/v0.1";
    static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    /** The model name model_signing gives a v0.2 statement, which names none. */
    static final String V01_MODEL_NAME = "compat-undefined-not-present";
    private static final String STATEMENT = "the signed statement";

    /** Python's {@code json.dumps(indent=2)} layout, as protobuf's {@code MessageToJson} writes the statement. */
    private static final ObjectWriter PYTHON_LAYOUT = Json.MAPPER.writer(new DefaultPrettyPrinter(
                    Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                            .withObjectEmptySeparator("")
                            .withArrayEmptySeparator(""))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")))
            .with(JsonWriteFeature.ESCAPE_NON_ASCII).without(JsonWriteFeature.WRITE_HEX_UPPER_CASE);

    private ModelSigningPayload() {
    }

    /** SHA-256 over the raw digests in the order listed. */
    static Sha256 rootDigest(List<Resource> resources) {
        MessageDigest md = Sha256.newDigest();
        resources.forEach(r -> md.update(HexFormat.of().parseHex(r.digest())));
        return Sha256.of(md.digest());
    }

    /**
     * The statement's JSON: laid out as model_signing writes it (indented by two spaces), or compact,
     * as a registry's model.sig holds it (a model of many files stays well within a registry file's size).
     */
    static byte[] encode(Statement s, boolean indented) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("_type", STATEMENT_TYPE);
        ObjectNode subject = root.putArray("subject").addObject();
        subject.put("name", s.subjectName());
        subject.putObject("digest").put("sha256", s.rootDigest().hex());
        root.put("predicateType", PREDICATE_TYPE);
        ObjectNode predicate = root.putObject("predicate");
        ObjectNode serialization = predicate.putObject("serialization");
        serialization.put("method", s.method());
        serialization.put("hash_type", s.hashType());
        if (s.method().equals("shards")) {
            serialization.put("shard_size", s.shardSize());
        }
        serialization.put("allow_symlinks", s.allowSymlinks());
        if (!s.ignorePaths().isEmpty()) {
            ArrayNode ignore = serialization.putArray("ignore_paths");
            s.ignorePaths().forEach(ignore::add);
        }
        ArrayNode resources = predicate.putArray("resources");
        for (Resource r : s.resources()) {
            resources.addObject().put("name", r.name()).put("algorithm", r.algorithm()).put("digest", r.digest());
        }
        try {
            return indented ? PYTHON_LAYOUT.writeValueAsBytes(root) : Json.write(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Jackson cannot write a JSON tree", e);
        }
    }

    /**
     * Reads a statement as model_signing's verifier does; IntegrityFailure with a one-line reason
     * when it is not one, or its root digest is not that of its resources.
     */
    static Statement decode(byte[] payload) {
        return decode(payload, STATEMENT, STATEMENT);
    }

    /**
     * As {@link #decode(byte[])}, its messages naming the payload {@code what} (e.g. "model.sig payload"),
     * and the signature {@code signature} (e.g. "model.sig") for a wrong predicate type or root digest.
     */
    static Statement decode(byte[] payload, String what, String signature) {
        ObjectNode root = Json.parseObject(payload, what);
        Json.expect(root, "_type", STATEMENT_TYPE, what);
        String predicateType = Json.text(root, "predicateType", what);
        ArrayNode subjects = Json.array(root, "subject", what);
        if (predicateType.equals(PREDICATE_TYPE_V01)) {
            return decodeV01(subjects, what);
        }
        if (!predicateType.equals(PREDICATE_TYPE)) {
            throw Json.malformed(signature, "has predicate type '" + Text.printable(predicateType) + "', not '" + PREDICATE_TYPE + "'");
        }
        if (subjects.size() != 1) {
            throw Json.malformed(what, "has " + subjects.size() + " subjects, not one");
        }
        String name = Json.text(subjects.get(0), "name", what);
        Sha256 stated = sha256(Json.text(Json.object(subjects.get(0), "digest", what), "sha256", what), "subject digest", what);
        ObjectNode predicate = Json.object(root, "predicate", what);
        ObjectNode serialization = Json.object(predicate, "serialization", what);
        String method = Json.text(serialization, "method", what);
        if (!method.equals("files") && !method.equals("shards")) {
            throw Json.malformed(what, "has serialization method '" + Text.printable(method) + "', not files or shards");
        }
        String hashType = Json.text(serialization, "hash_type", what);
        if (!ResourceHashes.TYPES.contains(hashType) || method.equals("shards") && hashType.equals(ResourceHashes.BLAKE3)) {
            throw Json.malformed(what, "has hash type '" + Text.printable(hashType) + "', which is not one of sha256, blake2b, blake3");
        }
        long shardSize = 0;
        if (method.equals("shards")) {
            JsonNode size = serialization.get("shard_size");
            if (size == null || !size.isNumber() || size.asDouble() != Math.rint(size.asDouble()) || size.asLong() <= 0) {
                throw Json.malformed(what, "has no positive whole 'shard_size'");
            }
            shardSize = size.asLong();
        }
        JsonNode symlinks = serialization.get("allow_symlinks");
        if (symlinks == null || !symlinks.isBoolean()) {
            throw Json.malformed(what, "has no boolean 'allow_symlinks'");
        }
        List<String> ignore = new ArrayList<>();
        if (serialization.hasNonNull("ignore_paths")) {
            for (JsonNode p : Json.array(serialization, "ignore_paths", what)) {
                if (!p.isTextual()) {
                    throw Json.malformed(what, "has an ignore path that is not a string");
                }
                ignore.add(p.textValue());
            }
        }
        List<Resource> resources = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode r : Json.array(predicate, "resources", what)) {
            if (!r.isObject()) {
                throw Json.malformed(what, "has a resource that is not an object");
            }
            String resource = Json.text(r, "name", what);
            if (!seen.add(resource)) {
                throw Json.malformed(what, "lists '" + Text.printable(resource) + "' twice");
            }
            if (method.equals("shards") && resource.split(":", -1).length != 3) {
                throw Json.malformed(what, "has a shard name '" + Text.printable(resource) + "' that is not path:start:end");
            }
            resources.add(new Resource(resource, Json.text(r, "algorithm", what), hex(Json.text(r, "digest", what), resource, what)));
        }
        Sha256 root2 = rootDigest(resources);
        if (!root2.equals(stated)) {
            throw new IntegrityFailure(signature + " states root digest " + stated.shortHex() + " but its files hash to " + root2.shortHex(),
                    "it was made by a faulty signer; sign the model again");
        }
        return new Statement(predicateType, name, stated, method, hashType, shardSize, symlinks.booleanValue(), ignore, resources);
    }

    private static Statement decodeV01(ArrayNode subjects, String what) {
        List<Resource> resources = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode subject : subjects) {
            String name = Json.text(subject, "name", what);
            if (!seen.add(name)) {
                throw Json.malformed(what, "lists '" + Text.printable(name) + "' twice");
            }
            String digest = Json.text(Json.object(subject, "digest", what), "sha256", what);
            resources.add(new Resource(name, ResourceHashes.SHA256, sha256(digest, "digest of '" + name + "'", what).hex()));
        }
        return new Statement(PREDICATE_TYPE_V01, V01_MODEL_NAME, rootDigest(resources), "files", ResourceHashes.SHA256, 0,
                false, List.of(), resources);
    }

    private static Sha256 sha256(String hex, String field, String what) {
        if (!hex.matches("[0-9a-f]{64}")) {
            throw Json.malformed(what, "has a " + field + " that is not 64 lower-case hex characters");
        }
        return new Sha256(hex);
    }

    private static String hex(String digest, String name, String what) {
        if (digest.isEmpty() || digest.length() % 2 != 0 || !digest.matches("[0-9a-fA-F]+")) {
            throw Json.malformed(what, "has a digest for '" + Text.printable(name) + "' that is not hex");
        }
        return digest.toLowerCase(java.util.Locale.ROOT);
    }
}
