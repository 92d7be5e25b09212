"""Writes the real-file fixtures of the scanner tests into this folder.

Run from anywhere:  PYTHONPATH=/tmp/torchlib python3 make_fixtures.py
Needs PyTorch and NumPy; the tests need neither (they read the committed files). The versions that made the
committed files are written to VERSIONS.txt beside them.

The malicious files carry pickles whose __reduce__ names os.system / posix.system, builtins.exec or
subprocess.Popen. They are only WRITTEN here, never loaded: nothing in this script unpickles anything.
"""
import bz2
import io
import lzma
import os
import pickle
import platform
import struct
import subprocess
import sys
import tarfile
import zipfile

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)


def path(name):
    return os.path.join(HERE, name)


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def saved(obj, **kw):
    buf = io.BytesIO()
    torch.save(obj, buf, **kw)
    return buf.getvalue()


# ---- payloads: classes whose pickle calls a dangerous function on load --------------------------------

class System:
    def __reduce__(self):
        return (os.system, ("echo airisk-fixture",))          # pickled as posix.system on Linux


class Exec:
    def __reduce__(self):
        return (exec, ("print('airisk-fixture')",))           # builtins.exec


class Popen:
    def __reduce__(self):
        return (subprocess.Popen, (["echo", "airisk-fixture"],))  # subprocess.Popen


# ---- benign files, as PyTorch and NumPy write them ---------------------------------------------------

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.conv = nn.Conv2d(1, 2, 2)
        self.bn = nn.BatchNorm2d(2)
        self.emb = nn.Embedding(5, 3)
        self.ln = nn.LayerNorm(3)


def benign():
    net = Net()
    write("torch_state_dict.pt", saved(net.state_dict()))
    dtypes = {
        "f16": torch.ones(3, dtype=torch.float16),
        "bf16": torch.ones(3, dtype=torch.bfloat16),
        "i8": torch.arange(3, dtype=torch.int8),
        "u8": torch.arange(3, dtype=torch.uint8),
        "bool": torch.tensor([True, False]),
        "c64": torch.ones(2, dtype=torch.complex64),
    }
    for name in ("float8_e4m3fn", "float8_e5m2"):
        if hasattr(torch, name):
            dtypes[name] = torch.zeros(2, dtype=getattr(torch, name))
    write("torch_dtypes.pt", saved(dtypes))
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    net.fc(torch.ones(1, 4)).sum().backward()
    opt.step()
    write("torch_adam.pt", saved(opt.state_dict()))
    small = nn.Linear(2, 2).state_dict()
    write("torch_legacy.pt", saved(small, _use_new_zipfile_serialization=False))
    sparse = torch.sparse_coo_tensor(torch.tensor([[0, 1], [1, 0]]), torch.tensor([1.0, 2.0]), (2, 2))
    quant = torch.quantize_per_tensor(torch.tensor([0.5, 1.0]), 0.1, 0, torch.quint8)
    write("torch_sparse_quantized.pt", saved({"sparse": sparse, "quant": quant}))
    write("torch_module.pt", saved(nn.Sequential(nn.Linear(2, 2), nn.ReLU())))

    buf = io.BytesIO()
    np.save(buf, np.arange(6, dtype=np.float32).reshape(2, 3))
    write("np_numeric.npy", buf.getvalue())
    buf = io.BytesIO()
    np.savez(buf, a=np.arange(3), b=np.eye(2))
    write("np_savez.npz", buf.getvalue())
    buf = io.BytesIO()
    np.savez_compressed(buf, a=np.zeros(100), b=np.arange(10))
    write("np_savez_compressed.npz", buf.getvalue())
    buf = io.BytesIO()
    np.save(buf, np.array([{"k": 1}, "text", 3], dtype=object))   # benign objects, but a pickle all the same
    write("np_object.npy", buf.getvalue())


# ---- malicious files: a payload hidden in each container ---------------------------------------------

def malicious():
    write("evil_state_dict.pt", saved({"fc.weight": torch.zeros(2, 2), "fc.bias": System()}))
    net = nn.Linear(2, 2)
    opt = torch.optim.Adam(net.parameters())
    state = opt.state_dict()
    state["state"][0] = {"step": torch.tensor(1.0), "exp_avg": Exec()}
    write("evil_adam.pt", saved(state))
    write("evil_legacy.pt", saved({"w": torch.zeros(2), "x": Popen()}, _use_new_zipfile_serialization=False))
    hidden_among_tensors()


def hidden_among_tensors():
    """A payload beside sparse and quantized tensors, and one held by a module saved whole."""
    sparse = torch.sparse_coo_tensor(torch.tensor([[0, 1], [1, 0]]), torch.tensor([1.0, 2.0]), (2, 2))
    quant = torch.quantize_per_tensor(torch.tensor([0.5, 1.0]), 0.1, 0, torch.quint8)
    write("evil_sparse_quantized.pt", saved({"sparse": sparse, "quant": quant, "meta": Popen()}))
    module = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    module.hook = System()
    write("evil_module.pt", saved(module))
    buf = io.BytesIO()
    np.savez(buf, weights=np.arange(3), extra=np.array([System()], dtype=object))
    write("evil_npz.npz", buf.getvalue())

    payload = pickle.dumps({"model": System()}, protocol=4)
    write("evil_joblib_bz2.bin", bz2.compress(payload))
    write("evil_joblib_xz.bin", lzma.compress(payload, format=lzma.FORMAT_XZ))
    write("evil_joblib_lzma.bin", lzma.compress(payload, format=lzma.FORMAT_ALONE))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("model.joblib.bz2", bz2.compress(pickle.dumps(Exec(), protocol=2)))
        z.writestr("model.joblib.xz", lzma.compress(pickle.dumps(Popen(), protocol=3), format=lzma.FORMAT_XZ))
    write("evil_compressed_members.zip", buf.getvalue())

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("inner/checkpoint.pt", saved({"w": torch.zeros(1), "x": Exec()}))
        z.writestr("README.txt", "a checkpoint inside a zip\n")
    write("evil_nested.zip", buf.getvalue())

    for proto in range(6):
        write(f"evil_proto{proto}.data", pickle.dumps([1, Popen() if proto % 2 else System()], protocol=proto))


# ---- hand-made tricks: forms a loader accepts that a name- or magic-based scanner misses ---------------

def tricks():
    p0 = pickle.dumps(System(), protocol=0)
    write("trick_proto1_header.data", b"\x80\x01" + pickle.dumps(System(), protocol=1))
    write("trick_binary_no_proto.data", pickle.dumps([System()], protocol=1))
    write("trick_text_none.data", b"N0" + p0)
    write("trick_text_unicode.data", b"Vhello\n0" + p0)
    write("trick_text_persid.data", b"Pstorage0\n0" + p0)
    write("trick_text_mark_string.data", b"(S'x'\n1" + p0)

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in (("sys_info", pickle.dumps({"protocol_version": 1001, "little_endian": True}, protocol=2)),
                           ("pickle", pickle.dumps({"w": Exec()}, protocol=2)),
                           ("storages", pickle.dumps(0, protocol=2)),
                           ("tensors", pickle.dumps(0, protocol=2))):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            t.addfile(info, io.BytesIO(data))
    write("trick_legacy_tar.pt", buf.getvalue())

    buf = io.BytesIO()
    arr = np.zeros(1, dtype=[("a", "<i4"), ("b", "O")])
    arr[0] = (1, Popen())
    np.save(buf, arr)
    write("trick_npy_structured_object.npy", buf.getvalue())

    # The central directory says archive/data.pkl (what torch.load reads), the local header says archive/data.txt.
    z = saved({"x": System()})
    at = z.find(b"archive/data.pkl")      # the first occurrence is the first local header's name
    assert z[at - 30:at - 26] == b"PK\x03\x04", "torch.save no longer writes data.pkl first"
    z = z[:at] + b"archive/data.txt" + z[at + len(b"archive/data.pkl"):]
    write("trick_name_mismatch.pt", z)

    # The second entry's local header sits after bytes no local header accounts for: only the central directory reaches it.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "first entry\n")
        buf.write(b"\0" * 16)
        zf.start_dir = buf.tell()
        zf.writestr("data.pkl", pickle.dumps(Exec(), protocol=2))
    write("trick_hidden_entry.zip", buf.getvalue())


def versions():
    with open(path("VERSIONS.txt"), "w") as f:
        f.write(f"torch {torch.__version__}\nnumpy {np.__version__}\npython {platform.python_version()}\n"
                f"platform {sys.platform}\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["hidden_among_tensors"]:   # only the files that function writes, the others left as they are
        hidden_among_tensors()
        sys.exit(0)
    benign()
    malicious()
    tricks()
    versions()
