package dev.airisk.core.scan;

import java.util.Set;

/**
 * Which callables a pickle may import: the allowlist of data-only callables, the blocklist of modules
 * and callables that run code or reach the system, and the rule that decides between them.
 */
final class PickleImports {
    private PickleImports() {
    }

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

    /** How a callable is classified: the built-in allowlist plus rules.extraSafe(), the blocklist, else unknown. */
    static Imports classify(String module, String name, Set<String> extraSafe) {
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
}
