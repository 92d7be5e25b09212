package dev.airisk.core.scan;

import static dev.airisk.core.scan.PickleOps.*;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * NEWOBJ_EX, INST and BUILD is tied to its import. Nothing is executed; memory stays bounded whatever the
 * size of the stream.
 */
public final class PickleAnalyzer {
    static final String DANGEROUS_IMPORT = "pickle/dangerous-import";
    static final String UNKNOWN_IMPORT = "pickle/unknown-import";
    static final String UNRESOLVED_IMPORT = "pickle/unresolved-import";
    static final String MALFORMED = "pickle/malformed";
    static final String TRAILING_DATA = "pickle/trailing-data";

    /** How many pickles deep a pickle inside a bytes payload is analysed. */
    static final int MAX_DEPTH = 3;
    /** The longest string kept as a value; longer ones are skipped and known only as "a long string". */
    static final int MAX_STRING = 64 * 1024;
    /** Once this many characters of strings are kept, only short strings are kept. */
    static final long STRING_BUDGET = 32L * 1024 * 1024;
    static final int SHORT_STRING = 256;
    static final int MAX_STACK = 1 << 20;
    static final int MAX_MEMO_ARRAY = 1 << 22;
    static final int MAX_MEMO_SPARSE = 1 << 16;

    /** torch.serialization's MAGIC_NUMBER, the first pickle of its legacy (non-zip) format. */
    static final BigInteger TORCH_LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    /** The legacy format holds five pickles, then raw storage bytes. */
    static final int TORCH_LEGACY_PICKLES = 5;

    private static final Set<String> ALLOWED = Set.of(
        "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor_v3",
        "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
        "torch._utils._rebuild_qtensor", "torch._utils._rebuild_sparse_tensor",
        "torch._utils._rebuild_nested_tensor", "torch._utils._rebuild_device_tensor_from_numpy",
        "torch._tensor._rebuild_from_type_v2",
        "torch.FloatStorage", "torch.DoubleStorage", "torch.HalfStorage", "torch.BFloat16Storage",
        "torch.LongStorage", "torch.IntStorage", "torch.ShortStorage", "torch.CharStorage", "torch.ByteStorage",
        "torch.BoolStorage", "torch.ComplexFloatStorage", "torch.ComplexDoubleStorage", "torch.QInt8Storage",
        "torch.QUInt8Storage", "torch.QInt32Storage", "torch.UntypedStorage",
        "torch.device", "torch.Size",
        "torch.float32", "torch.float", "torch.float16", "torch.half", "torch.bfloat16", "torch.float64",
        "torch.double", "torch.int64", "torch.long", "torch.int32", "torch.int", "torch.int16", "torch.short",
        "torch.int8", "torch.uint8", "torch.bool", "torch.complex64", "torch.complex128",
        "collections.OrderedDict",
        "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
        "numpy.ndarray", "numpy.dtype",
        "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
        "_codecs.encode",
        "builtins.set", "builtins.frozenset", "builtins.bytearray", "builtins.slice", "builtins.complex",
        "__builtin__.set", "__builtin__.frozenset", "__builtin__.bytearray", "__builtin__.slice",
        "__builtin__.complex");

    /** Modules (with everything in and under them) and callables that run code or reach the system. */
    private static final Set<String> DANGEROUS = Set.of(
        "os", "posix", "nt", "subprocess", "_posixsubprocess", "importlib", "imp", "zipimport", "marshal", "runpy",
        "socket", "shutil", "pty", "sys", "webbrowser", "pickle", "_pickle", "cPickle", "dill", "code", "codeop",
        "ctypes", "_ctypes", "multiprocessing", "asyncio", "commands", "popen2", "platform", "pdb", "bdb",
        "timeit", "trace", "profile", "cProfile", "pydoc", "doctest", "signal", "requests", "urllib", "urllib2",
        "urllib3", "http", "httplib", "ftplib", "telnetlib", "smtplib", "io", "_io", "pip", "ensurepip", "venv",
        "operator", "_operator", "functools", "_functools",
        "builtins.eval", "builtins.exec", "builtins.compile", "builtins.open", "builtins.getattr",
        "builtins.setattr", "builtins.delattr", "builtins.__import__", "builtins.globals", "builtins.locals",
        "builtins.vars", "builtins.input", "builtins.breakpoint", "builtins.exit", "builtins.quit",
        "builtins.help", "builtins.memoryview",
        "__builtin__.eval", "__builtin__.exec", "__builtin__.compile", "__builtin__.open", "__builtin__.getattr",
        "__builtin__.setattr", "__builtin__.delattr", "__builtin__.__import__", "__builtin__.globals",
        "__builtin__.locals", "__builtin__.vars", "__builtin__.input", "__builtin__.raw_input",
        "__builtin__.apply", "__builtin__.execfile", "__builtin__.file", "__builtin__.reload",
        "__builtin__.breakpoint", "__builtin__.exit", "__builtin__.quit", "__builtin__.help",
        "__builtin__.reduce", "__builtin__.intern",
        "SimpleHTTPServer", "BaseHTTPServer", "CGIHTTPServer", "SocketServer", "socketserver", "thread", "_thread",
        "xmlrpclib", "xmlrpc",
        "types.CodeType", "types.FunctionType", "types.LambdaType", "types.MethodType",
        "types.BuiltinFunctionType", "types.BuiltinMethodType",
        "torch.hub", "torch.load", "torch.serialization.load", "torch._C._jit_compile",
        "numpy.load", "numpy.testing._private.utils.runstring");

    /** Attributes that lead from any object to code, globals or the import system. */
    private static final Set<String> ESCAPE_ATTRIBUTES = Set.of(
        "__globals__", "__builtins__", "__import__", "__subclasses__", "__code__", "__getattribute__",
        "__getattr__", "__setattr__", "__delattr__", "__loader__", "__spec__", "__self__", "__func__",
        "__closure__", "__reduce__", "__reduce_ex__", "__dict__");

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
        return new Run(path, new PickleInput(in), 0).run();
    }

    /** How a callable is classified: the built-in allowlist plus rules.extraSafe(), the blocklist, else unknown. */
    public static Imports classify(String module, String name, Set<String> extraSafe) {
        String full = module + "." + name;
        if (isDangerous(module, name, full)) {
            return Imports.DANGEROUS;
        }
        if (ALLOWED.contains(full) || extraSafe.contains(full)) {
            return Imports.SAFE;
        }
        return Imports.UNKNOWN;
    }

    /**
     * Dangerous when any dotted prefix of {@code module.name} is on the blocklist (so submodules and
     * {@code torch} + {@code hub.load} match), or when the name, resolved as an attribute chain as protocol 4
     * does, walks through a blocklisted module ({@code numpy} + {@code os.system}) or an escape attribute.
     */
    private static boolean isDangerous(String module, String name, String full) {
        int dot = -1;
        do {
            dot = full.indexOf('.', dot + 1);
            String prefix = dot < 0 ? full : full.substring(0, dot);
            if (DANGEROUS.contains(prefix)) {
                return true;
            }
        } while (dot >= 0);
        String[] parts = name.split("\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            if (ESCAPE_ATTRIBUTES.contains(parts[i])) {
                return true;
            }
            if (i < parts.length - 1 && DANGEROUS.contains(parts[i])) {
                return true;
            }
        }
        return false;
    }

    // ---- values on the simulated stack ----

    private static final Object MARK_VALUE = new Object() {
        @Override
        public String toString() {
            return "a MARK";
        }
    };

    /** A value the analysis does not need, known only by what kind it is. */
    private record Opaque(String what) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static final Opaque NONE_VALUE = new Opaque("None");
    private static final Opaque NUMBER = new Opaque("a number");
    private static final Opaque BYTES = new Opaque("a bytes value");
    private static final Opaque LONG_STRING = new Opaque("a string too long to keep");
    private static final Opaque CONTAINER = new Opaque("a container");
    private static final Opaque OBJECT = new Opaque("the result of a call");
    private static final Opaque PERSISTENT = new Opaque("a persistent object");
    private static final Opaque BUFFER_VALUE = new Opaque("an out-of-band buffer");
    private static final Opaque EXTENSION = new Opaque("an extension-registry callable");

    private record Str(String value) {
        @Override
        public String toString() {
            return "'" + printable(value) + "'";
        }
    }

    private record Int(BigInteger value) {
        @Override
        public String toString() {
            return "a number";
        }
    }

    /** An imported callable; {@code rec} is null when it is safe. */
    private record Global(String module, String name, ImportRec rec) {
        @Override
        public String toString() {
            return "the callable " + printable(module + "." + name);
        }
    }

    /** What calling an imported callable made. */
    private record Made(Global by) {
        @Override
        public String toString() {
            return "the result of a call";
        }
    }

    private static final class ImportRec {
        final String module;
        final String name;
        final Imports kind;
        final String via;
        final long offset;
        final int pickle;
        final Set<String> uses = new LinkedHashSet<>();

        ImportRec(String module, String name, Imports kind, String via, long offset, int pickle) {
            this.module = module;
            this.name = name;
            this.kind = kind;
            this.via = via;
            this.offset = offset;
            this.pickle = pickle;
        }
    }

    private record Event(int pickle, long offset, String rule, Severity severity, String message) {
    }

    /** Why the stream cannot be read further as a pickle. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** The unpickler's memo: dense keys in an array, a bounded map for the rest. */
    private static final class Memo {
        private Object[] dense = new Object[64];
        private Map<Long, Object> sparse;
        private int size;

        void clear() {
            dense = new Object[64];
            sparse = null;
            size = 0;
        }

        int size() {
            return size;
        }

        void put(long key, Object value) throws Malformed {
            if (key < 0) {
                throw new Malformed("negative memo key " + key);
            }
            if (key < MAX_MEMO_ARRAY) {
                int k = (int) key;
                if (k >= dense.length) {
                    Object[] grown = new Object[(int) Math.min(MAX_MEMO_ARRAY, Math.max(k + 1L, dense.length * 2L))];
                    System.arraycopy(dense, 0, grown, 0, dense.length);
                    dense = grown;
                }
                if (dense[k] == null) {
                    size++;
                }
                dense[k] = value;
                return;
            }
            if (sparse == null) {
                sparse = new HashMap<>();
            }
            if (sparse.put(key, value) == null) {
                size++;
                if (sparse.size() > MAX_MEMO_SPARSE) {
                    throw new Malformed("more than " + MAX_MEMO_SPARSE + " memo keys above " + MAX_MEMO_ARRAY
                        + "; the analysis stops here");
                }
            }
        }

        Object get(long key) {
            if (key >= 0 && key < dense.length) {
                return dense[(int) key];
            }
            return sparse == null ? null : sparse.get(key);
        }
    }

    // ---- the analysis of one stream ----

    private final class Run {
        private final String path;
        private final PickleInput in;
        private final int depth;
        private final List<Event> events = new ArrayList<>();
        private final Map<String, ImportRec> imports = new LinkedHashMap<>();
        private final Set<String> extensions = new LinkedHashSet<>();
        private final List<Finding> nested = new ArrayList<>();
        private final ArrayList<Object> stack = new ArrayList<>();
        private final Memo memo = new Memo();
        private long keptChars;
        private int pickle;
        private int proto;
        private boolean importedInThisPickle;
        private Object result;

        Run(String path, PickleInput in, int depth) {
            this.path = path;
            this.in = in;
            this.depth = depth;
        }

        List<Finding> run() throws IOException {
            boolean legacyTorch = false;
            while (!(legacyTorch && pickle == TORCH_LEGACY_PICKLES)) {
                if (in.peek(1) == 0) {
                    if (pickle == 0) {
                        events.add(new Event(1, 0, MALFORMED, Severity.HIGH,
                            "malformed pickle: the stream is empty (a loader fails on it)"));
                    }
                    break;
                }
                long start = in.offset();
                pickle++;
                stack.clear();
                memo.clear();
                proto = 0;
                importedInThisPickle = false;
                result = null;
                if (!parseOne(start)) {
                    break;
                }
                if (pickle == 1 && result instanceof Int i && i.value().equals(TORCH_LEGACY_MAGIC)) {
                    legacyTorch = true;
                }
            }
            return findings();
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
                        throw new Malformed("the stream ends before STOP (truncated)");
                    }
                    opName = PickleOps.name(op);
                    if (opName == null) {
                        throw new Malformed(String.format("unknown opcode 0x%02x", op));
                    }
                    if (op == STOP) {
                        result = pop(opName);
                        return true;
                    }
                    step(op, opName, opOffset);
                    if (stack.size() > MAX_STACK) {
                        throw new Malformed("the stack holds more than " + MAX_STACK + " values");
                    }
                }
            } catch (Malformed e) {
                if (pickle > 1 && !startedWithProto && !importedInThisPickle) {
                    long rest = (in.offset() - start) + in.skip(Long.MAX_VALUE);
                    events.add(new Event(pickle, start, TRAILING_DATA, Severity.MEDIUM,
                        rest + " bytes after the last pickle are not a pickle (" + e.getMessage() + " at offset "
                            + opOffset + "); a loader that reads on fails or misreads them"));
                } else {
                    events.add(new Event(pickle, opOffset, MALFORMED, Severity.HIGH,
                        "malformed pickle: " + e.getMessage() + (opName == null ? "" : " in " + opName)
                            + " at offset " + opOffset + "; a loader fails here and the rest was not analysed"));
                }
                return false;
            }
        }

        private void step(int op, String name, long offset) throws IOException, Malformed {
            switch (op) {
                case MARK -> stack.add(MARK_VALUE);
                case POP -> {
                    if (stack.isEmpty()) {
                        throw new Malformed("stack underflow");
                    }
                    stack.remove(stack.size() - 1);
                }
                case POP_MARK -> truncate(markIndex());
                case DUP -> {
                    Object top = peekTop();
                    stack.add(top);
                }
                case FLOAT, INT -> {
                    line(name, 256);
                    stack.add(NUMBER);
                }
                case LONG -> {
                    String text = line(name, 256);
                    stack.add(parseTextLong(text));
                }
                case BININT -> {
                    need(4, name);
                    stack.add(NUMBER);
                }
                case BININT1 -> {
                    need(1, name);
                    stack.add(NUMBER);
                }
                case BININT2 -> {
                    need(2, name);
                    stack.add(NUMBER);
                }
                case LONG1 -> stack.add(binaryLong(u(1, name), name));
                case LONG4 -> stack.add(binaryLong(signedLength(name), name));
                case BINFLOAT -> {
                    need(8, name);
                    stack.add(NUMBER);
                }
                case NONE -> stack.add(NONE_VALUE);
                case NEWTRUE, NEWFALSE -> stack.add(NUMBER);
                case PERSID -> {
                    line(name, MAX_STRING);
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
                case STRING -> stack.add(quotedString(line(name, MAX_STRING, StandardCharsets.ISO_8859_1)));
                case BINSTRING -> stringPayload(signedLength(name), name, offset, StandardCharsets.ISO_8859_1, true);
                case SHORT_BINSTRING -> stringPayload(u(1, name), name, offset, StandardCharsets.ISO_8859_1, true);
                case UNICODE -> {
                    String raw = line(name, MAX_STRING, StandardCharsets.ISO_8859_1);
                    stack.add(raw == null ? LONG_STRING : new Str(rawUnicodeEscape(raw)));
                }
                case BINUNICODE -> stringPayload(u(4, name), name, offset, StandardCharsets.UTF_8, false);
                case SHORT_BINUNICODE -> stringPayload(u(1, name), name, offset, StandardCharsets.UTF_8, false);
                case BINUNICODE8 -> stringPayload(u8(name), name, offset, StandardCharsets.UTF_8, false);
                case BINBYTES -> bytesPayload(u(4, name), name, offset);
                case SHORT_BINBYTES -> bytesPayload(u(1, name), name, offset);
                case BINBYTES8, BYTEARRAY8 -> bytesPayload(u8(name), name, offset);
                case APPEND -> {
                    pop(name);
                    peekTop();
                }
                case APPENDS, SETITEMS, ADDITEMS -> {
                    int mark = markIndex();
                    if (op == SETITEMS && (stack.size() - mark - 1) % 2 != 0) {
                        throw new Malformed("SETITEMS with an odd number of keys and values");
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
                        throw new Malformed("DICT with an odd number of keys and values");
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
                    String module = line(name, MAX_STRING);
                    String attr = line(name, MAX_STRING);
                    stack.add(importTarget(module, attr, name, offset, null, null));
                }
                case STACK_GLOBAL -> {
                    Object attr = pop(name);
                    Object module = pop(name);
                    stack.add(importTarget(module instanceof Str s ? s.value() : null,
                        attr instanceof Str s ? s.value() : null, name, offset, module, attr));
                }
                case INST -> {
                    String module = line(name, MAX_STRING);
                    String attr = line(name, MAX_STRING);
                    truncate(markIndex());
                    Object cls = importTarget(module, attr, name, offset, null, null);
                    stack.add(call(cls, name));
                }
                case OBJ -> {
                    int mark = markIndex();
                    if (stack.size() - mark - 1 < 1) {
                        throw new Malformed("OBJ without a class after its MARK");
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
                case PUT -> memo.put(decimal(line(name, 64), name), peekTop());
                case BINPUT -> memo.put(u(1, name), peekTop());
                case LONG_BINPUT -> memo.put(u(4, name), peekTop());
                case MEMOIZE -> memo.put(memo.size(), peekTop());
                case GET -> stack.add(memoGet(decimal(line(name, 64), name)));
                case BINGET -> stack.add(memoGet(u(1, name)));
                case LONG_BINGET -> stack.add(memoGet(u(4, name)));
                case EXT1 -> extension(u(1, name), name, offset);
                case EXT2 -> extension(u(2, name), name, offset);
                case EXT4 -> extension(signed4(name), name, offset);
                case PROTO -> {
                    int v = (int) u(1, name);
                    if (v > 5) {
                        throw new Malformed("unsupported protocol " + v);
                    }
                    proto = v;
                }
                case FRAME -> u8(name);
                case NEXT_BUFFER -> stack.add(BUFFER_VALUE);
                case READONLY_BUFFER -> peekTop();
                default -> throw new Malformed(String.format("unknown opcode 0x%02x", op));
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
                events.add(new Event(pickle, offset, UNRESOLVED_IMPORT, Severity.HIGH,
                    "unresolvable import target: " + via + " takes " + what
                        + ", which the analysis cannot resolve to a callable; a loader imports whatever it is"));
                return OBJECT;
            }
            Imports kind = classify(module, attr, rules.extraSafe());
            if (kind == Imports.SAFE) {
                return new Global(module, attr, null);
            }
            String key = pickle + "\n" + module + "\n" + attr;
            ImportRec rec = imports.computeIfAbsent(key, k -> new ImportRec(module, attr, kind, via, offset, pickle));
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
            if (extensions.add(pickle + ":" + code)) {
                events.add(new Event(pickle, offset, UNKNOWN_IMPORT, unknownSeverity(),
                    "imports extension code " + code + " from the copyreg extension registry (unknown: the loader's"
                        + " registry decides which callable it is) via " + via));
            }
            stack.add(EXTENSION);
        }

        private Severity unknownSeverity() {
            return highRiskTier ? rules.unknownHighRisk() : rules.unknown();
        }

        // ---- payloads ----

        private void stringPayload(long len, String name, long offset, java.nio.charset.Charset cs, boolean mayNest)
            throws IOException, Malformed {
            if (mayNest && nestedPickle(len, offset)) {
                stack.add(BYTES);
                return;
            }
            long budgetLimit = keptChars < STRING_BUDGET ? MAX_STRING : SHORT_STRING;
            if (len <= budgetLimit) {
                byte[] b = new byte[(int) len];
                if (in.readFully(b, 0, b.length) < b.length) {
                    throw new Malformed("the stream ends inside the " + len + "-byte payload of " + name);
                }
                keptChars += len;
                stack.add(new Str(new String(b, cs)));
                return;
            }
            skipPayload(len, name);
            stack.add(LONG_STRING);
        }

        private void bytesPayload(long len, String name, long offset) throws IOException, Malformed {
            if (!nestedPickle(len, offset)) {
                skipPayload(len, name);
            }
            stack.add(BYTES);
        }

        private void skipPayload(long len, String name) throws IOException, Malformed {
            if (in.skip(len) < len) {
                throw new Malformed("the stream ends inside the " + len + "-byte payload of " + name);
            }
        }

        /** Analyses a payload that starts like a pickle (PROTO 0..5, then an opcode) as one; true when it did. */
        private boolean nestedPickle(long len, long opOffset) throws IOException, Malformed {
            if (depth >= MAX_DEPTH || len < 3) {
                return false;
            }
            if (in.peek(3) < 3 || in.peekByte(0) != PROTO || in.peekByte(1) > 5 || !PickleOps.isOpcode(in.peekByte(2))) {
                return false;
            }
            long start = in.offset();
            Run inner = new Run(path + "!payload@" + start, new PickleInput(in.limited(len)), depth + 1);
            // Bytes that only look like a pickle (tensor data can start with 0x80 0x02 by chance) are data:
            // a nested stream counts for the imports it makes, not for where it stops parsing.
            inner.run().stream().filter(f -> !f.rule().equals("pickle/malformed") && !f.rule().equals("pickle/trailing-data"))
                    .forEach(nested::add);
            long read = in.offset() - start;
            if (in.skip(len - read) < len - read) {
                throw new Malformed("the stream ends inside the " + len + "-byte payload at offset " + opOffset);
            }
            return true;
        }

        // ---- reading arguments ----

        private void need(int n, String name) throws IOException, Malformed {
            if (in.skip(n) < n) {
                throw new Malformed("the stream ends inside the argument of " + name);
            }
        }

        /** An unsigned little-endian integer of {@code n} (1, 2 or 4) bytes. */
        private long u(int n, String name) throws IOException, Malformed {
            long v = 0;
            for (int i = 0; i < n; i++) {
                int b = in.read();
                if (b < 0) {
                    throw new Malformed("the stream ends inside the argument of " + name);
                }
                v |= (long) b << (8 * i);
            }
            return v;
        }

        private long signed4(String name) throws IOException, Malformed {
            return (int) u(4, name);
        }

        private long signedLength(String name) throws IOException, Malformed {
            long v = signed4(name);
            if (v < 0) {
                throw new Malformed("negative length " + v);
            }
            return v;
        }

        private long u8(String name) throws IOException, Malformed {
            long lo = u(4, name);
            long hi = u(4, name);
            long v = lo | hi << 32;
            if (v < 0) {
                throw new Malformed("length " + Long.toUnsignedString(v) + " exceeds the largest possible size");
            }
            return v;
        }

        /** A line without its newline, decoded as UTF-8; null when longer than {@code keep} bytes (still consumed). */
        private String line(String name, int keep) throws IOException, Malformed {
            return line(name, keep, StandardCharsets.UTF_8);
        }

        private String line(String name, int keep, java.nio.charset.Charset cs) throws IOException, Malformed {
            byte[] b = new byte[64];
            int n = 0;
            boolean tooLong = false;
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new Malformed("the stream ends inside the line argument of " + name);
                }
                if (c == '\n') {
                    break;
                }
                if (n < keep) {
                    if (n == b.length) {
                        b = java.util.Arrays.copyOf(b, Math.min(keep, b.length * 2));
                    }
                    b[n++] = (byte) c;
                } else {
                    tooLong = true;
                }
            }
            return tooLong ? null : new String(b, 0, n, cs);
        }

        private long decimal(String text, String name) throws Malformed {
            if (text != null) {
                try {
                    long v = Long.parseLong(text.strip());
                    if (v >= 0) {
                        return v;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new Malformed("the memo key of " + name + " is not a number");
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

        private Object binaryLong(long len, String name) throws IOException, Malformed {
            if (len > 16) {
                skipPayload(len, name);
                return NUMBER;
            }
            byte[] b = new byte[(int) len];
            if (in.readFully(b, 0, b.length) < b.length) {
                throw new Malformed("the stream ends inside the argument of " + name);
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

        private Object pop(String name) throws Malformed {
            Object top = peekTop();
            stack.remove(stack.size() - 1);
            return top;
        }

        private Object peekTop() throws Malformed {
            if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK_VALUE) {
                throw new Malformed("stack underflow");
            }
            return stack.get(stack.size() - 1);
        }

        private int markIndex() throws Malformed {
            for (int i = stack.size() - 1; i >= 0; i--) {
                if (stack.get(i) == MARK_VALUE) {
                    return i;
                }
            }
            throw new Malformed("no MARK on the stack");
        }

        private void truncate(int size) {
            stack.subList(size, stack.size()).clear();
        }

        private Object memoGet(long key) throws Malformed {
            Object v = memo.get(key);
            if (v == null) {
                throw new Malformed("memo key " + key + " was never stored");
            }
            return v;
        }

        // ---- findings ----

        private List<Finding> findings() {
            for (ImportRec rec : imports.values()) {
                boolean dangerous = rec.kind == Imports.DANGEROUS;
                String callable = printable(rec.module + "." + rec.name);
                String why = dangerous
                    ? "dangerous: it can run code or reach the system when the file is loaded"
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
                events.add(new Event(rec.pickle, rec.offset, dangerous ? DANGEROUS_IMPORT : UNKNOWN_IMPORT,
                    dangerous ? rules.dangerous() : unknownSeverity(), m.toString()));
            }
            events.sort(Comparator.comparingLong(Event::offset));
            List<Finding> out = new ArrayList<>(events.size() + nested.size());
            for (Event e : events) {
                String where = pickle > 1 ? " at pickle " + e.pickle() : "";
                out.add(new Finding(path, e.rule(), e.severity(), e.message() + where, e.offset()));
            }
            out.addAll(nested);
            return out;
        }
    }

    // ---- text helpers ----

    private static String describe(Object value) {
        return value == null ? "nothing" : value.toString();
    }

    /** The text with control and non-ASCII characters escaped and long text cut, safe for one line of output. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        int limit = 200;
        for (int i = 0; i < s.length(); i++) {
            if (b.length() >= limit) {
                b.append("...(").append(s.length()).append(" characters)");
                break;
            }
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                b.append(c);
            } else if (c == '\\') {
                b.append("\\\\");
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    /** Decodes a protocol-0 STRING argument the way {@code codecs.escape_decode} does; bytes become Latin-1 characters. */
    private static Object quotedString(String raw) throws Malformed {
        if (raw == null) {
            return LONG_STRING;
        }
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length < 2 || bytes[0] != bytes[bytes.length - 1] || (bytes[0] != '\'' && bytes[0] != '"')) {
            throw new Malformed("the STRING argument is not quoted");
        }
        StringBuilder out = new StringBuilder();
        int end = bytes.length - 1;
        for (int i = 1; i < end; i++) {
            int c = bytes[i] & 0xff;
            if (c != '\\' || i + 1 >= end) {
                out.append((char) c);
                continue;
            }
            int e = bytes[++i] & 0xff;
            switch (e) {
                case '\n' -> { }
                case '\\', '\'', '"' -> out.append((char) e);
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x' -> {
                    if (i + 2 >= end || hex(bytes[i + 1]) < 0 || hex(bytes[i + 2]) < 0) {
                        throw new Malformed("invalid \\x escape in a STRING argument");
                    }
                    out.append((char) (hex(bytes[i + 1]) * 16 + hex(bytes[i + 2])));
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && i + 1 < end && bytes[i + 1] >= '0' && bytes[i + 1] <= '7'; k++) {
                            v = v * 8 + (bytes[++i] - '0');
                        }
                        out.append((char) (v & 0xff));
                    } else {
                        out.append('\\').append((char) e);
                    }
                }
            }
        }
        return new Str(out.toString());
    }

    /** Decodes a protocol-0 UNICODE argument ({@code raw-unicode-escape}: only backslash-u escapes are special). */
    private static String rawUnicodeEscape(String raw) throws Malformed {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && (raw.charAt(i + 1) == 'u' || raw.charAt(i + 1) == 'U')) {
                int digits = raw.charAt(i + 1) == 'u' ? 4 : 8;
                if (i + 2 + digits > raw.length()) {
                    throw new Malformed("truncated \\u escape in a UNICODE argument");
                }
                int v;
                try {
                    v = Integer.parseUnsignedInt(raw.substring(i + 2, i + 2 + digits), 16);
                } catch (NumberFormatException e) {
                    throw new Malformed("invalid \\u escape in a UNICODE argument");
                }
                if (!Character.isValidCodePoint(v)) {
                    throw new Malformed("invalid \\U escape in a UNICODE argument");
                }
                out.appendCodePoint(v);
                i += 1 + digits;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int hex(byte b) {
        int c = b & 0xff;
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
