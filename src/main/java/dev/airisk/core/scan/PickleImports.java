package dev.airisk.core.scan;

import java.util.HashSet;
import java.util.Set;

/**
 * Which callables a pickle may import: the allowlist of data-only callables, the blocklist of modules
 * and callables that run code or reach the system, and the rule that decides between them.
 */
final class PickleImports {
    private PickleImports() {
    }

    /**
     * What PyTorch's weights-only unpickler allows by default, so that every file
     * {@code torch.load(f, weights_only=True)} loads scans clean. Listed from
     * {@code torch/_weights_only_unpickler.py} of PyTorch 2.13.0 ({@code _get_allowed_globals} and
     * {@code _tensor_rebuild_functions}, with {@code torch.storage._dtype_to_storage_type_map},
     * {@code _new_dtypes}, {@code torch._tensor_classes} and {@code torch._storage_classes} expanded).
     * Names only; see docs/scanning.md for how to compare it with a newer PyTorch.
     */
    private static final Set<String> TORCH_WEIGHTS_ONLY = Set.of(
        "_codecs.encode", "builtins.bytearray", "builtins.complex", "builtins.set",
        "collections.Counter", "collections.OrderedDict",
        "torch.Size", "torch.Tensor", "torch.device", "torch.nn.parameter.Parameter", "torch.serialization._get_layout",
        "torch._tensor._rebuild_from_type_v2",
        "torch._utils._rebuild_device_tensor_from_cpu_tensor", "torch._utils._rebuild_device_tensor_from_numpy",
        "torch._utils._rebuild_meta_tensor_no_storage", "torch._utils._rebuild_nested_tensor",
        "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state", "torch._utils._rebuild_qtensor",
        "torch._utils._rebuild_sparse_tensor", "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_tensor_v3", "torch._utils._rebuild_wrapper_subclass",
        // dtypes
        "torch.bfloat16", "torch.bool", "torch.complex128", "torch.complex32", "torch.complex64", "torch.float16",
        "torch.float32", "torch.float64", "torch.float4_e2m1fn_x2", "torch.float8_e4m3fn", "torch.float8_e4m3fnuz",
        "torch.float8_e5m2", "torch.float8_e5m2fnuz", "torch.float8_e8m0fnu",
        "torch.bits16", "torch.bits1x8", "torch.bits2x4", "torch.bits4x2", "torch.bits8",
        "torch.int1", "torch.int2", "torch.int3", "torch.int4", "torch.int5", "torch.int6", "torch.int7",
        "torch.int8", "torch.int16", "torch.int32", "torch.int64",
        "torch.uint1", "torch.uint2", "torch.uint3", "torch.uint4", "torch.uint5", "torch.uint6", "torch.uint7",
        "torch.uint8", "torch.uint16", "torch.uint32", "torch.uint64",
        "torch.qint32", "torch.qint8", "torch.quint2x4", "torch.quint4x2", "torch.quint8",
        // quantization schemes
        "torch.per_channel_affine", "torch.per_channel_affine_float_qparams", "torch.per_channel_symmetric",
        "torch.per_tensor_affine", "torch.per_tensor_symmetric",
        // storage classes
        "torch.BFloat16Storage", "torch.BoolStorage", "torch.ByteStorage", "torch.CharStorage",
        "torch.ComplexDoubleStorage", "torch.ComplexFloatStorage", "torch.DoubleStorage", "torch.FloatStorage",
        "torch.HalfStorage", "torch.IntStorage", "torch.LongStorage", "torch.QInt32Storage", "torch.QInt8Storage",
        "torch.QUInt2x4Storage", "torch.QUInt4x2Storage", "torch.QUInt8Storage", "torch.ShortStorage",
        "torch.storage.TypedStorage", "torch.storage.UntypedStorage",
        "torch.cuda.BFloat16Storage", "torch.cuda.BoolStorage", "torch.cuda.ByteStorage", "torch.cuda.CharStorage",
        "torch.cuda.ComplexDoubleStorage", "torch.cuda.ComplexFloatStorage", "torch.cuda.DoubleStorage",
        "torch.cuda.FloatStorage", "torch.cuda.HalfStorage", "torch.cuda.IntStorage", "torch.cuda.LongStorage",
        "torch.cuda.ShortStorage",
        // tensor classes
        "torch.BFloat16Tensor", "torch.BoolTensor", "torch.ByteTensor", "torch.CharTensor", "torch.DoubleTensor",
        "torch.FloatTensor", "torch.HalfTensor", "torch.IntTensor", "torch.LongTensor", "torch.ShortTensor",
        "torch.cuda.BFloat16Tensor", "torch.cuda.BoolTensor", "torch.cuda.ByteTensor", "torch.cuda.CharTensor",
        "torch.cuda.DoubleTensor", "torch.cuda.FloatTensor", "torch.cuda.HalfTensor", "torch.cuda.IntTensor",
        "torch.cuda.LongTensor", "torch.cuda.ShortTensor",
        "torch.sparse.BFloat16Tensor", "torch.sparse.ByteTensor", "torch.sparse.CharTensor",
        "torch.sparse.DoubleTensor", "torch.sparse.FloatTensor", "torch.sparse.HalfTensor", "torch.sparse.IntTensor",
        "torch.sparse.LongTensor", "torch.sparse.ShortTensor",
        "torch.cuda.sparse.BFloat16Tensor", "torch.cuda.sparse.ByteTensor", "torch.cuda.sparse.CharTensor",
        "torch.cuda.sparse.DoubleTensor", "torch.cuda.sparse.FloatTensor", "torch.cuda.sparse.HalfTensor",
        "torch.cuda.sparse.IntTensor", "torch.cuda.sparse.LongTensor", "torch.cuda.sparse.ShortTensor");

    /**
     * Data-only callables beyond PyTorch's default list: the aliases older PyTorch wrote (torch.float,
     * torch.long...), storage classes of older releases, NumPy's array reconstructors in both spellings
     * (PyTorch allows them with {@code torch.serialization.safe_globals}; NumPy arrays pickled by joblib
     * and by {@code np.save} of object arrays use them; protocol 5 writes arrays with {@code _frombuffer}),
     * the data-only builtins and their Python 2 spelling.
     */
    private static final Set<String> DATA_ONLY = Set.of(
        "torch.float", "torch.half", "torch.double", "torch.long", "torch.int", "torch.short", "torch.cfloat",
        "torch.cdouble", "torch.chalf",
        "torch.QInt8Storage", "torch.UntypedStorage",
        "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
        "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
        "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer",
        "numpy.ndarray", "numpy.dtype",
        "builtins.frozenset", "builtins.slice",
        "__builtin__.set", "__builtin__.frozenset", "__builtin__.bytearray", "__builtin__.slice",
        "__builtin__.complex");

    private static final Set<String> ALLOWED;

    static {
        Set<String> all = new HashSet<>(TORCH_WEIGHTS_ONLY);
        all.addAll(DATA_ONLY);
        ALLOWED = Set.copyOf(all);
    }

    /**
     * Modules (with everything in and under them) and callables that run code or processes, resolve names
     * to arbitrary callables, or reach the file system, the network or the interpreter.
     */
    private static final Set<String> DANGEROUS = Set.of(
        "os", "posix", "nt", "subprocess", "_posixsubprocess", "importlib", "imp", "zipimport", "marshal", "runpy",
        "pkgutil", "socket", "_socket", "ssl", "select", "selectors", "shutil", "pty", "tty", "sys", "webbrowser",
        "pickle", "_pickle", "cPickle", "dill", "cloudpickle", "joblib.load", "shelve", "code", "codeop",
        "ctypes", "_ctypes", "cffi", "multiprocessing", "concurrent", "asyncio", "commands", "popen2", "platform",
        "pdb", "bdb", "timeit", "trace", "tracemalloc", "profile", "cProfile", "pydoc", "doctest", "signal",
        "requests", "urllib", "urllib2", "urllib3", "http", "httplib", "ftplib", "telnetlib", "smtplib", "poplib",
        "imaplib", "nntplib", "io", "_io", "pip", "ensurepip", "venv", "site", "sysconfig", "distutils",
        "setuptools", "_aix_support", "_osx_support", "idlelib", "tkinter", "turtle", "logging.config",
        "operator", "_operator", "functools", "_functools",
        "builtins.eval", "builtins.exec", "builtins.compile", "builtins.open", "builtins.getattr",
        "builtins.setattr", "builtins.delattr", "builtins.__import__", "builtins.globals", "builtins.locals",
        "builtins.vars", "builtins.input", "builtins.breakpoint", "builtins.exit", "builtins.quit",
        "builtins.help", "builtins.memoryview", "builtins.__build_class__", "builtins.__loader__",
        "__builtin__.eval", "__builtin__.exec", "__builtin__.compile", "__builtin__.open", "__builtin__.getattr",
        "__builtin__.setattr", "__builtin__.delattr", "__builtin__.__import__", "__builtin__.globals",
        "__builtin__.locals", "__builtin__.vars", "__builtin__.input", "__builtin__.raw_input",
        "__builtin__.apply", "__builtin__.execfile", "__builtin__.file", "__builtin__.reload",
        "__builtin__.breakpoint", "__builtin__.exit", "__builtin__.quit", "__builtin__.help",
        "__builtin__.reduce", "__builtin__.intern",
        "SimpleHTTPServer", "BaseHTTPServer", "CGIHTTPServer", "SocketServer", "socketserver", "thread", "_thread",
        "threading", "xmlrpclib", "xmlrpc",
        "types.CodeType", "types.FunctionType", "types.LambdaType", "types.MethodType",
        "types.BuiltinFunctionType", "types.BuiltinMethodType",
        "uuid._get_command_stdout", "uuid._popen",
        "torch.hub", "torch.load", "torch.serialization.load", "torch._C._jit_compile", "torch._dynamo",
        "torch._inductor", "torch.jit", "torch.package", "torch.compile", "torch.utils.cpp_extension",
        "torch.utils.collect_env", "torch.distributed.rpc", "torch._ops", "torch.ops", "torch.fx.experimental",
        "torch.testing._internal",
        "numpy.load", "numpy.testing", "numpy.f2py", "numpy.distutils", "numpy.ctypeslib");

    /** The most dots in a blocklist entry: longer prefixes of a name cannot be on it. */
    private static final int MAX_DOTS = DANGEROUS.stream().mapToInt(e -> e.length() - e.replace(".", "").length()).max().orElse(0);

    /** Attributes that lead from any object to code, globals or the import system. */
    private static final Set<String> ESCAPE_ATTRIBUTES = Set.of(
        "__globals__", "__builtins__", "__import__", "__subclasses__", "__code__", "__getattribute__",
        "__getattr__", "__setattr__", "__delattr__", "__loader__", "__spec__", "__self__", "__func__",
        "__closure__", "__reduce__", "__reduce_ex__", "__dict__");

    /**
     * Data-only functions inside a blocklisted module: TorchScript archives' {@code data.pkl} rebuilds list
     * attributes with {@code torch.jit._pickle} (PyTorch 2.13's {@code torch/jit/_pickle.py}). Unknown, not
     * dangerous: {@code torch.load(weights_only=True)} refuses them too, but they run nothing.
     */
    private static final Set<String> DATA_ONLY_IN_BLOCKED = Set.of(
        "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_tensorlist", "torch.jit._pickle.build_doublelist",
        "torch.jit._pickle.build_boollist", "torch.jit._pickle.build_tensor_from_id", "torch.jit._pickle.restore_type_tag");

    /** How a callable is classified: the built-in allowlist plus rules.extraSafe(), the blocklist, else unknown. */
    static Imports classify(String module, String name, Set<String> extraSafe) {
        String full = module + "." + name;
        if (!DATA_ONLY_IN_BLOCKED.contains(full) && isDangerous(module, name, full)) {
            return Imports.DANGEROUS;
        }
        if (ALLOWED.contains(full) || extraSafe.contains(full)) {
            return Imports.SAFE;
        }
        return Imports.UNKNOWN;
    }

    /**
     * Why a module or attribute name is suspect, or null: names of real modules and attributes are dotted
     * ASCII identifiers, so spaces, NUL and other control characters, non-ASCII letters (a Cyrillic
     * {@code о} in {@code оs} looks like {@code os}) or empty parts hide what is imported from a reader
     * and from a blocklist.
     */
    static String suspectName(String module, String name) {
        for (String text : new String[] {module, name}) {
            if (text.isEmpty() || text.startsWith(".") || text.endsWith(".") || text.contains("..")) {
                return "an empty part in '" + PickleText.printable(text) + "'";
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean ok = c == '_' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                if (!ok) {
                    return (c < 0x20 || c == 0x7f ? "a control character" : c == ' ' ? "a space"
                        : c > 0x7f ? "a non-ASCII character" : "the character '" + c + "'")
                        + String.format(" (U+%04X)", (int) c) + " in '" + PickleText.printable(text) + "'";
                }
            }
        }
        return null;
    }

    /**
     * Dangerous when any dotted prefix of {@code module.name} is on the blocklist (so submodules and
     * {@code torch} + {@code hub.load} match), or when the name, resolved as an attribute chain as protocol 4
     * does, walks through a blocklisted module ({@code numpy} + {@code os.system}) or an escape attribute.
     */
    private static boolean isDangerous(String module, String name, String full) {
        int dot = -1;
        int dots = 0;
        do {
            dot = full.indexOf('.', dot + 1);
            String prefix = dot < 0 ? full : full.substring(0, dot);
            if (DANGEROUS.contains(prefix)) {
                return true;
            }
        } while (dot >= 0 && dots++ < MAX_DOTS);
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
}
