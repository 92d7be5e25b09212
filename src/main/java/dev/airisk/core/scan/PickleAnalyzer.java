package dev.airisk.core.scan;

import static dev.airisk.core.scan.PickleOps.*;
import static dev.airisk.core.scan.PickleValues.BUFFER_VALUE;
import static dev.airisk.core.scan.PickleValues.BYTES;
import static dev.airisk.core.scan.PickleValues.CONTAINER;
import static dev.airisk.core.scan.PickleValues.EXTENSION;
import static dev.airisk.core.scan.PickleValues.LATIN1_PICKLE;
import static dev.airisk.core.scan.PickleValues.LONG_STRING;
import static dev.airisk.core.scan.PickleValues.MARK_VALUE;
import static dev.airisk.core.scan.PickleValues.NONE_VALUE;
import static dev.airisk.core.scan.PickleValues.NUMBER;
import static dev.airisk.core.scan.PickleValues.OBJECT;
import static dev.airisk.core.scan.PickleValues.PERSISTENT;

import dev.airisk.core.scan.PickleValues.Event;
import dev.airisk.core.scan.PickleValues.Global;
import dev.airisk.core.scan.PickleValues.ImportRec;
import dev.airisk.core.scan.PickleValues.Int;
import dev.airisk.core.scan.PickleValues.Made;
import dev.airisk.core.scan.PickleValues.Str;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds what a pickle would import and call when loaded, without loading it: the opcodes of protocols 0
 * to 5 are read and the unpickler's stack and memo are simulated, so that every import target is resolved
 * even when its module and name come from the memo, and every callable used by REDUCE, OBJ, NEWOBJ,
 * NEWOBJ_EX, INST and BUILD is tied to its import. Nothing is executed. Time is linear in the size of the
 * stream and memory bounded whatever it holds: the memo is sparse and bounded ({@link PickleMemo}), the stack
 * bounded ({@link #MAX_STACK}), the findings capped per rule ({@link FindingCap}), and a stream that exceeds
 * a bound is reported as {@code pickle/limit}.
 */
public final class PickleAnalyzer {
    static final String DANGEROUS_IMPORT = "pickle/dangerous-import";
    static final String UNKNOWN_IMPORT = "pickle/unknown-import";
    static final String UNRESOLVED_IMPORT = "pickle/unresolved-import";
    static final String MALFORMED = "pickle/malformed";
    static final String TRAILING_DATA = "pickle/trailing-data";
    static final String LIMIT = "pickle/limit";

    /** How many pickles deep a pickle inside a bytes payload is analysed. */
    static final int MAX_DEPTH = 3;
    /** The longest string kept as a value; longer ones are skipped and known only as "a long string". */
    static final int MAX_STRING = 64 * 1024;
    /** Once this many characters of strings are kept, only short strings are kept. */
    static final long STRING_BUDGET = 32L * 1024 * 1024;
    static final int SHORT_STRING = 256;
    static final int MAX_STACK = 1 << 20;
    /**
     * The longest module or attribute name classified whole; longer ones (no real one is) are cut to this
     * many characters first, so one import costs bounded work however long the memoized string it names.
     */
    static final int MAX_NAME = 128;
    /** Distinct imports of one pickle whose uses are followed; further ones are reported as they come, without uses. */
    static final int MAX_IMPORTS = 4096;

    /** torch.serialization's MAGIC_NUMBER, the first pickle of its legacy (non-zip) format. */
    static final BigInteger TORCH_LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    /** The legacy format holds five pickles, then raw storage bytes. */
    static final int TORCH_LEGACY_PICKLES = 5;

    private final ScanRules rules;
    private final boolean highRiskTier;

    public PickleAnalyzer(ScanRules rules, boolean highRiskTier) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.highRiskTier = highRiskTier;
    }

    /** Reads one or more pickles from {@code in} to its end, never executing anything, and returns the findings. */
    public List<Finding> analyze(String path, InputStream in) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(in, "in");
        FindingCap found = new FindingCap(FindingCap.PER_KIND, FindingCap.REPORT_TOTAL, false);
        new Run(path, new PickleInput(in), 0, found).run();
        return found.findings();
    }

    /** How a callable is classified: the built-in allowlist plus rules.extraSafe(), the blocklist, else unknown. */
    public static Imports classify(String module, String name, Set<String> extraSafe) {
        return PickleImports.classify(module, name, extraSafe);
    }

    // ---- the analysis of one stream ----

    private final class Run {
        private final String path;
        private final PickleInput in;
        private final PickleArgs args;
        private final int depth;
        private final FindingCap found;
        private final Map<String, ImportRec> imports = new LinkedHashMap<>();
        private final Set<Long> extensions = new HashSet<>();
        /** This pickle's import targets by the identity of their module and name strings. */
        private final Map<String, Map<String, Object>> importCache = new IdentityHashMap<>();
        private int importCacheSize;
        private final ArrayList<Object> stack = new ArrayList<>();
        private int[] marks = new int[16];
        private int markCount;
        private final PickleMemo memo = new PickleMemo();
        private long keptChars;
        private int pickle;
        private int proto;
        private boolean importedInThisPickle;
        private Object result;

        Run(String path, PickleInput in, int depth, FindingCap found) {
            this.path = path;
            this.in = in;
            this.args = new PickleArgs(in);
            this.depth = depth;
            this.found = found;
        }

        void run() throws IOException {
            boolean legacyTorch = false;
            while (!(legacyTorch && pickle == TORCH_LEGACY_PICKLES)) {
                if (in.peek(1) == 0) {
                    if (pickle == 0) {
                        event(new Event(1, 0, MALFORMED, Severity.HIGH,
                            "malformed pickle: the stream is empty (a loader fails on it)"));
                    }
                    break;
                }
                long start = in.offset();
                pickle++;
                stack.clear();
                markCount = 0;
                memo.clear();
                imports.clear();
                extensions.clear();
                if (importCacheSize > 0) {
                    importCache.clear();
                    importCacheSize = 0;
                }
                proto = 0;
                importedInThisPickle = false;
                result = null;
                boolean ok = parseOne(start);
                flushImports();
                if (!ok) {
                    break;
                }
                if (pickle == 1 && result instanceof Int i && i.value().equals(TORCH_LEGACY_MAGIC)) {
                    legacyTorch = true;
                }
            }
        }

        /** Parses one pickle up to its STOP; false when the stream cannot be read further. */
        private boolean parseOne(long start) throws IOException {
            boolean startedWithProto = in.peekByte(0) == PROTO;
            long opOffset = start;
            String opName = null;
            try {
                while (true) {
                    opOffset = in.offset();
                    opName = null;
                    int op = in.read();
                    if (op < 0) {
                        throw new PickleMalformed("the stream ends before STOP (truncated)");
                    }
                    opName = PickleOps.name(op);
                    if (opName == null) {
                        throw new PickleMalformed(String.format("unknown opcode 0x%02x", op));
                    }
                    if (op == STOP) {
                        result = pop(opName);
                        return true;
                    }
                    step(op, opName, opOffset);
                    if (stack.size() > MAX_STACK) {
                        throw PickleMalformed.limit("the stack holds more than " + MAX_STACK + " values");
                    }
                }
            } catch (PickleMalformed e) {
                if (pickle > 1 && !startedWithProto && !importedInThisPickle) {
                    long rest = (in.offset() - start) + in.skip(Long.MAX_VALUE);
                    event(new Event(pickle, start, TRAILING_DATA, Severity.MEDIUM,
                        rest + " bytes after the last pickle are not a pickle (" + e.getMessage() + " at offset "
                            + opOffset + "); a loader that reads on fails or misreads them"));
                } else if (e.limit) {
                    event(new Event(pickle, opOffset, LIMIT, Severity.HIGH,
                        "the analysis stopped: " + e.getMessage() + (opName == null ? "" : " at " + opName)
                            + " at offset " + opOffset + "; the rest was not analysed (a loader would go on)"));
                } else {
                    event(new Event(pickle, opOffset, MALFORMED, Severity.HIGH,
                        "malformed pickle: " + e.getMessage() + (opName == null ? "" : " in " + opName)
                            + " at offset " + opOffset + "; a loader fails here and the rest was not analysed"));
                }
                return false;
            }
        }

        private void step(int op, String name, long offset) throws IOException, PickleMalformed {
            switch (op) {
                case MARK -> {
                    if (markCount == marks.length) {
                        marks = Arrays.copyOf(marks, marks.length * 2);
                    }
                    marks[markCount++] = stack.size();
                    stack.add(MARK_VALUE);
                }
                case POP -> {
                    if (stack.isEmpty()) {
                        throw new PickleMalformed("stack underflow");
                    }
                    if (stack.remove(stack.size() - 1) == MARK_VALUE) {
                        markCount--;
                    }
                }
                case POP_MARK -> truncate(markIndex());
                case DUP -> {
                    Object top = peekTop();
                    stack.add(top);
                }
                case FLOAT, INT -> {
                    args.line(name, 256);
                    stack.add(NUMBER);
                }
                case LONG -> {
                    String text = args.line(name, 256);
                    stack.add(parseTextLong(text));
                }
                case BININT -> {
                    args.need(4, name);
                    stack.add(NUMBER);
                }
                case BININT1 -> {
                    args.need(1, name);
                    stack.add(NUMBER);
                }
                case BININT2 -> {
                    args.need(2, name);
                    stack.add(NUMBER);
                }
                case LONG1 -> stack.add(binaryLong(args.u(1, name), name));
                case LONG4 -> stack.add(binaryLong(args.signedLength(name), name));
                case BINFLOAT -> {
                    args.need(8, name);
                    stack.add(NUMBER);
                }
                case NONE -> stack.add(NONE_VALUE);
                case NEWTRUE, NEWFALSE -> stack.add(NUMBER);
                case PERSID -> {
                    args.line(name, MAX_STRING);
                    stack.add(PERSISTENT);
                }
                case BINPERSID -> {
                    pop(name);
                    stack.add(PERSISTENT);
                }
                case REDUCE -> {
                    pop(name);
                    stack.add(call(pop(name), name));
                }
                case BUILD -> {
                    pop(name);
                    Object target = peekTop();
                    if (target instanceof Made m) {
                        use(m.by(), name);
                    } else if (target instanceof Global g) {
                        use(g, name);
                    }
                }
                case STRING -> stack.add(string(args.line(name, MAX_STRING, StandardCharsets.ISO_8859_1), offset));
                case BINSTRING -> stringPayload(args.signedLength(name), name, offset, StandardCharsets.ISO_8859_1, true);
                case SHORT_BINSTRING -> stringPayload(args.u(1, name), name, offset, StandardCharsets.ISO_8859_1, true);
                case UNICODE -> {
                    if (in.peek(3) >= 3 && in.peekByte(0) == PROTO && in.peekByte(1) <= 5
                            && PickleOps.isOpcode(in.peekByte(2)) && depthAllows(offset)) {
                        // protocols 0 and 1 write bytes as _codecs.encode(this text, 'latin1'): read as it streams
                        RawUnicodeLine line = new RawUnicodeLine(in);
                        nestedRun(line, in.offset(), 4096);
                        if (!line.drain()) {
                            throw new PickleMalformed("the stream ends inside the line argument of " + name);
                        }
                        stack.add(LATIN1_PICKLE);
                        break;
                    }
                    String raw = args.line(name, MAX_STRING, StandardCharsets.ISO_8859_1);
                    stack.add(raw == null ? LONG_STRING : textValue(PickleText.rawUnicodeEscape(raw), offset));
                }
                case BINUNICODE -> stringPayload(args.u(4, name), name, offset, StandardCharsets.UTF_8, false);
                case SHORT_BINUNICODE -> stringPayload(args.u(1, name), name, offset, StandardCharsets.UTF_8, false);
                case BINUNICODE8 -> stringPayload(args.u8(name), name, offset, StandardCharsets.UTF_8, false);
                case BINBYTES -> bytesPayload(args.u(4, name), name, offset);
                case SHORT_BINBYTES -> bytesPayload(args.u(1, name), name, offset);
                case BINBYTES8, BYTEARRAY8 -> bytesPayload(args.u8(name), name, offset);
                case APPEND -> {
                    pop(name);
                    peekTop();
                }
                case APPENDS, SETITEMS, ADDITEMS -> {
                    int mark = markIndex();
                    if (op == SETITEMS && (stack.size() - mark - 1) % 2 != 0) {
                        throw new PickleMalformed("SETITEMS with an odd number of keys and values");
                    }
                    truncate(mark);
                    peekTop();
                }
                case SETITEM -> {
                    pop(name);
                    pop(name);
                    peekTop();
                }
                case LIST, TUPLE, DICT, FROZENSET -> {
                    int mark = markIndex();
                    if (op == DICT && (stack.size() - mark - 1) % 2 != 0) {
                        throw new PickleMalformed("DICT with an odd number of keys and values");
                    }
                    truncate(mark);
                    stack.add(CONTAINER);
                }
                case EMPTY_DICT, EMPTY_LIST, EMPTY_TUPLE, EMPTY_SET -> stack.add(CONTAINER);
                case TUPLE1, TUPLE2, TUPLE3 -> {
                    for (int i = 0; i < op - TUPLE1 + 1; i++) {
                        pop(name);
                    }
                    stack.add(CONTAINER);
                }
                case GLOBAL -> {
                    String module = args.line(name, MAX_STRING);
                    String attr = args.line(name, MAX_STRING);
                    stack.add(importTarget(module, attr, name, offset, null, null));
                }
                case STACK_GLOBAL -> {
                    Object attr = pop(name);
                    Object module = pop(name);
                    stack.add(importTarget(module instanceof Str s ? s.value() : null,
                        attr instanceof Str s ? s.value() : null, name, offset, module, attr));
                }
                case INST -> {
                    String module = args.line(name, MAX_STRING);
                    String attr = args.line(name, MAX_STRING);
                    truncate(markIndex());
                    Object cls = importTarget(module, attr, name, offset, null, null);
                    stack.add(call(cls, name));
                }
                case OBJ -> {
                    int mark = markIndex();
                    if (stack.size() - mark - 1 < 1) {
                        throw new PickleMalformed("OBJ without a class after its MARK");
                    }
                    Object cls = stack.get(mark + 1);
                    truncate(mark);
                    stack.add(call(cls, name));
                }
                case NEWOBJ -> {
                    pop(name);
                    stack.add(call(pop(name), name));
                }
                case NEWOBJ_EX -> {
                    pop(name);
                    pop(name);
                    stack.add(call(pop(name), name));
                }
                case PUT -> memo.put(args.decimal(args.line(name, 64), name), peekTop());
                case BINPUT -> memo.put(args.u(1, name), peekTop());
                case LONG_BINPUT -> memo.put(args.u(4, name), peekTop());
                case MEMOIZE -> memo.put(memo.size(), peekTop());
                case GET -> stack.add(memoGet(args.decimal(args.line(name, 64), name)));
                case BINGET -> stack.add(memoGet(args.u(1, name)));
                case LONG_BINGET -> stack.add(memoGet(args.u(4, name)));
                case EXT1 -> extension(args.u(1, name), name, offset);
                case EXT2 -> extension(args.u(2, name), name, offset);
                case EXT4 -> extension(args.signed4(name), name, offset);
                case PROTO -> {
                    int v = (int) args.u(1, name);
                    if (v > 5) {
                        throw new PickleMalformed("unsupported protocol " + v);
                    }
                    proto = v;
                }
                case FRAME -> args.u8(name);
                case NEXT_BUFFER -> stack.add(BUFFER_VALUE);
                case READONLY_BUFFER -> peekTop();
                default -> throw new PickleMalformed(String.format("unknown opcode 0x%02x", op));
            }
        }

        // ---- imports and calls ----

        private Object importTarget(String module, String attr, String via, long offset, Object moduleValue,
                                    Object attrValue) {
            importedInThisPickle = true;
            if (module == null || attr == null) {
                String what = via.equals("STACK_GLOBAL")
                    ? "module " + describe(moduleValue) + " and name " + describe(attrValue)
                    : "a module or name line longer than " + MAX_STRING + " bytes";
                event(new Event(pickle, offset, UNRESOLVED_IMPORT, Severity.HIGH,
                    "unresolvable import target: " + via + " takes " + what
                        + ", which the analysis cannot resolve to a callable; a loader imports whatever it is"));
                return OBJECT;
            }
            if (moduleValue == null) {
                return resolve(module, attr, via, offset); // GLOBAL and INST read new strings every time
            }
            // The same strings imported again (BINGET of memoized names) cost nothing more, however long.
            Map<String, Object> byAttr = importCache.get(module);
            Object known = byAttr == null ? null : byAttr.get(attr);
            if (known != null) {
                return known;
            }
            Object target = resolve(module, attr, via, offset);
            if (importCacheSize < MAX_IMPORTS) {
                importCache.computeIfAbsent(module, k -> new IdentityHashMap<>()).put(attr, target);
                importCacheSize++;
            }
            return target;
        }

        private Object resolve(String module, String attr, String via, long offset) {
            String cut = null;
            if (module.length() > MAX_NAME || attr.length() > MAX_NAME) {
                cut = "a name of " + (module.length() + 1 + attr.length()) + " characters, longer than any real one";
                module = module.substring(0, Math.min(MAX_NAME, module.length()));
                attr = attr.substring(0, Math.min(MAX_NAME, attr.length()));
            }
            Imports kind = classify(module, attr, rules.extraSafe());
            if (kind == Imports.SAFE && cut == null) {
                return new Global(module, attr, null);
            }
            if (kind == Imports.SAFE) {
                kind = Imports.UNKNOWN;
            }
            String key = module + "\n" + attr;
            ImportRec rec = imports.get(key);
            if (rec == null) {
                rec = new ImportRec(module, attr, kind, via, offset, pickle);
                rec.cut = cut;
                if (imports.size() >= MAX_IMPORTS) {
                    report(rec);
                    return new Global(module, attr, null);
                }
                imports.put(key, rec);
            }
            return new Global(module, attr, rec);
        }

        private Object call(Object callable, String via) {
            if (callable instanceof Global g) {
                use(g, via);
                return new Made(g);
            }
            return OBJECT;
        }

        private void use(Global g, String via) {
            if (g.rec() != null) {
                g.rec().uses.add(via);
            }
        }

        private void extension(long code, String via, long offset) {
            importedInThisPickle = true;
            if (extensions.size() >= MAX_IMPORTS || extensions.add(code)) {
                event(new Event(pickle, offset, UNKNOWN_IMPORT, atLeastHigh(unknownSeverity()),
                    "imports extension code " + code + " from the copyreg extension registry (unknown: the loader's"
                        + " registry decides which callable it is; no model format needs it) via " + via));
            }
            stack.add(EXTENSION);
        }

        private Severity unknownSeverity() {
            return highRiskTier ? rules.unknownHighRisk() : rules.unknown();
        }

        private static Severity atLeastHigh(Severity s) {
            return s.atLeast(Severity.HIGH) ? s : Severity.HIGH;
        }

        // ---- payloads ----

        private void stringPayload(long len, String name, long offset, Charset cs, boolean mayNest)
            throws IOException, PickleMalformed {
            if (mayNest && nestedPickle(len, offset)) {
                stack.add(BYTES);
                return;
            }
            if (!mayNest && latin1Pickle(len, offset)) {
                stack.add(LATIN1_PICKLE);
                return;
            }
            long budgetLimit = keptChars < STRING_BUDGET ? MAX_STRING : SHORT_STRING;
            if (len <= budgetLimit) {
                byte[] b = new byte[(int) len];
                if (in.readFully(b, 0, b.length) < b.length) {
                    throw new PickleMalformed("the stream ends inside the " + len + "-byte payload of " + name);
                }
                keptChars += len;
                stack.add(new Str(new String(b, cs)));
                return;
            }
            skipPayload(len, name);
            stack.add(LONG_STRING);
        }

        private void bytesPayload(long len, String name, long offset) throws IOException, PickleMalformed {
            if (!nestedPickle(len, offset)) {
                skipPayload(len, name);
            }
            stack.add(BYTES);
        }

        private void skipPayload(long len, String name) throws IOException, PickleMalformed {
            if (in.skip(len) < len) {
                throw new PickleMalformed("the stream ends inside the " + len + "-byte payload of " + name);
            }
        }

        /** Analyses a payload that starts like a pickle (PROTO 0..5, then an opcode) as one; true when it did. */
        private boolean nestedPickle(long len, long opOffset) throws IOException, PickleMalformed {
            if (len < 3) {
                return false;
            }
            if (in.peek(3) < 3 || in.peekByte(0) != PROTO || in.peekByte(1) > 5 || !PickleOps.isOpcode(in.peekByte(2))) {
                return false;
            }
            if (!depthAllows(opOffset)) {
                return false;
            }
            long start = in.offset();
            nestedRun(in.limited(len), start, len);
            long read = in.offset() - start;
            if (in.skip(len - read) < len - read) {
                throw new PickleMalformed("the stream ends inside the " + len + "-byte payload at offset " + opOffset);
            }
            return true;
        }

        /**
         * Analyses a UTF-8 string payload whose characters, as Latin-1 bytes, start like a pickle (U+0080, a
         * protocol number, an opcode): protocols 0 to 2 write bytes as {@code _codecs.encode(that string, 'latin1')},
         * so {@code pickle.loads} of bytes hides a pickle there. Streams, whatever the length; true when it did.
         */
        private boolean latin1Pickle(long len, long opOffset) throws IOException, PickleMalformed {
            if (len < 4 || in.peek(5) < 4 || in.peekByte(0) != 0xc2 || in.peekByte(1) != 0x80 || in.peekByte(2) > 5) {
                return false;
            }
            int op = in.peekByte(3);
            if (op >= 0x80) {
                if (in.peek(5) < 5 || (op != 0xc2 && op != 0xc3)) {
                    return false;
                }
                op = ((op & 0x1f) << 6) | (in.peekByte(4) & 0x3f);
            }
            if (!PickleOps.isOpcode(op) || !depthAllows(opOffset)) {
                return false;
            }
            long start = in.offset();
            nestedRun(new Latin1FromUtf8(in.limited(len)), start, len);
            long read = in.offset() - start;
            if (in.skip(len - read) < len - read) {
                throw new PickleMalformed("the stream ends inside the " + len + "-byte payload at offset " + opOffset);
            }
            return true;
        }

        /** False, with a finding, when a pickle found inside a payload would be one level deeper than {@link #MAX_DEPTH}. */
        private boolean depthAllows(long offset) {
            if (depth < MAX_DEPTH) {
                return true;
            }
            event(new Event(pickle, offset, LIMIT, Severity.HIGH, "a pickle inside a payload nested more than "
                + MAX_DEPTH + " levels deep was not analysed; a loader that unpickles it level by level would run it"));
            return false;
        }

        /** Analyses a pickle inside a payload of about {@code size} bytes (its reader's buffer is no larger). */
        private void nestedRun(InputStream payload, long start, long size) throws IOException {
            // Bytes that only look like a pickle (tensor data can start with 0x80 0x02 by chance) are data:
            // a nested stream counts for the imports it makes, not for where it stops parsing.
            new Run(path + "!payload@" + start, new PickleInput(payload, size), depth + 1, found).run();
        }

        /** A protocol-0 STRING argument as a value: decoded, or known only as too long to keep. */
        private Object string(String raw, long offset) throws IOException, PickleMalformed {
            return raw == null ? LONG_STRING : textValue(PickleText.quotedString(raw), offset);
        }

        /**
         * A decoded protocol-0 string as a value; when its characters, as Latin-1 bytes, are a pickle (what
         * {@code _codecs.encode(s, 'latin1')} turns back into bytes, protocols 0 to 2's way to write bytes),
         * that pickle is analysed too.
         */
        private Object textValue(String text, long offset) throws IOException {
            if (text.length() >= 3 && text.charAt(0) == PROTO && text.charAt(1) <= 5 && text.charAt(2) < 256
                    && PickleOps.isOpcode(text.charAt(2)) && depthAllows(offset)) {
                byte[] b = new byte[text.length()];
                int n = 0;
                for (int i = 0; i < text.length() && text.charAt(i) < 256; i++) {
                    b[n++] = (byte) text.charAt(i);
                }
                nestedRun(new ByteArrayInputStream(b, 0, n), offset, n);
            }
            return new Str(text);
        }

        private Object parseTextLong(String text) {
            if (text == null) {
                return NUMBER;
            }
            String t = text.endsWith("L") ? text.substring(0, text.length() - 1) : text;
            try {
                return new Int(new BigInteger(t));
            } catch (NumberFormatException e) {
                return NUMBER;
            }
        }

        private Object binaryLong(long len, String name) throws IOException, PickleMalformed {
            if (len > 16) {
                skipPayload(len, name);
                return NUMBER;
            }
            byte[] b = new byte[(int) len];
            if (in.readFully(b, 0, b.length) < b.length) {
                throw new PickleMalformed("the stream ends inside the argument of " + name);
            }
            if (len == 0) {
                return new Int(BigInteger.ZERO);
            }
            byte[] be = new byte[b.length];
            for (int i = 0; i < b.length; i++) {
                be[i] = b[b.length - 1 - i];
            }
            return new Int(new BigInteger(be));
        }

        // ---- the stack and the memo ----

        private Object pop(String name) throws PickleMalformed {
            Object top = peekTop();
            stack.remove(stack.size() - 1);
            return top;
        }

        private Object peekTop() throws PickleMalformed {
            if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK_VALUE) {
                throw new PickleMalformed("stack underflow");
            }
            return stack.get(stack.size() - 1);
        }

        /** Where the topmost MARK is, in constant time (the marks are kept apart as CPython's metastack). */
        private int markIndex() throws PickleMalformed {
            if (markCount == 0) {
                throw new PickleMalformed("no MARK on the stack");
            }
            return marks[markCount - 1];
        }

        /** Drops the stack from {@code size} on, with the marks in that part. */
        private void truncate(int size) {
            stack.subList(size, stack.size()).clear();
            while (markCount > 0 && marks[markCount - 1] >= size) {
                markCount--;
            }
        }

        private Object memoGet(long key) throws PickleMalformed {
            Object v = memo.get(key);
            if (v == null) {
                throw new PickleMalformed("memo key " + key + " was never stored");
            }
            return v;
        }

        // ---- findings ----

        /** Reports the imports of the pickle that just ended, in the order they were made. */
        private void flushImports() {
            for (ImportRec rec : imports.values()) {
                report(rec);
            }
            imports.clear();
        }

        private void report(ImportRec rec) {
            boolean dangerous = rec.kind == Imports.DANGEROUS;
            String suspect = rec.cut != null ? rec.cut : PickleImports.suspectName(rec.module, rec.name);
            Severity severity = dangerous ? rules.dangerous() : suspect != null ? atLeastHigh(unknownSeverity()) : unknownSeverity();
            String rule = dangerous ? DANGEROUS_IMPORT : UNKNOWN_IMPORT;
            if (found.counted(path, rule, severity)) {
                return;
            }
            String callable = PickleText.printable(rec.module + "." + rec.name);
            String why = dangerous
                ? "dangerous: it can run code or reach the system when the file is loaded"
                : suspect != null
                ? "unknown, and its name hides what it is: " + suspect
                : "unknown: not on the allowlist of data-only callables; if it only rebuilds data, add '"
                    + callable + "' to the policy's safe callables";
            StringBuilder m = new StringBuilder("imports ").append(callable).append(" (").append(why)
                .append(") via ").append(rec.via);
            Set<String> uses = new LinkedHashSet<>(rec.uses);
            if (uses.remove(rec.via)) {
                m.append(", which calls it");
            }
            if (!uses.isEmpty()) {
                m.append(", used by ").append(String.join(", ", uses));
            }
            event(new Event(rec.pickle, rec.offset, rule, severity, m.toString()));
        }

        /**
         * Hands one finding to the cap. A pickle found inside a payload counts for the imports it makes, not
         * for where it stops parsing: bytes that only look like a pickle (tensor data can start with 0x80 0x02
         * by chance) are data.
         */
        private void event(Event e) {
            if (depth > 0 && (e.rule().equals(MALFORMED) || e.rule().equals(TRAILING_DATA))) {
                return;
            }
            String where = e.pickle() > 1 ? " at pickle " + e.pickle() : "";
            found.add(new Finding(path, e.rule(), e.severity(), e.message() + where, e.offset()));
        }
    }

    // ---- text helpers ----

    private static String describe(Object value) {
        return value == null ? "nothing" : value.toString();
    }
}
