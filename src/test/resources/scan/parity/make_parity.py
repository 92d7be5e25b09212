"""Writes the parity fixtures: small benign checkpoints that torch.load(weights_only=True) accepts with
default settings, and keeps only the pickle member (data.pkl) of each zip, so that the scanner's tests
do not depend on zip reading. Each file is loaded back with weights_only=True before it is kept.

Run:  PYTHONPATH=/tmp/torchlib python3 make_parity.py   (torch 2.13.0+cpu, numpy 2.4.6, Python 3.11)
Nothing here is unsafe: every object is built from torch/collections types only.
"""
import collections
import io
import os
import sys
import zipfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(0)


def small(dtype):
    return torch.arange(4, dtype=torch.float32).to(dtype)


def fixtures():
    yield "state_dict_dtypes", collections.OrderedDict(
        [(f"w_{str(d).split('.')[1]}", small(d)) for d in (
            torch.float32, torch.float16, torch.bfloat16, torch.float64, torch.float8_e4m3fn,
            torch.float8_e5m2, torch.float8_e4m3fnuz, torch.float8_e5m2fnuz,
            torch.uint8, torch.uint16, torch.uint32, torch.uint64, torch.int8, torch.int16,
            torch.int32, torch.int64, torch.bool, torch.complex64)])
    yield "quantized", {"q": torch.quantize_per_tensor(torch.rand(4), 0.1, 3, torch.quint8),
                        "qc": torch.quantize_per_channel(torch.rand(2, 3), torch.tensor([0.1, 0.2]),
                                                         torch.tensor([0, 1]), 0, torch.qint8)}
    yield "sparse", {"coo": torch.eye(3).to_sparse(), "csr": torch.eye(3).to_sparse_csr()}
    yield "misc", {"size": torch.Size([2, 3]), "counter": collections.Counter("abca"),
                   "od": collections.OrderedDict(a=1), "device": torch.device("cpu"),
                   "set": {1, 2}, "bytes": b"\x00\x01", "bytearray": bytearray(b"ab"),
                   "complex": 1 + 2j, "param": torch.nn.Parameter(torch.ones(2)),
                   "meta": torch.empty(2, device="meta"), "dtype": torch.float8_e4m3fn}
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    opt = torch.optim.Adam(model.parameters())
    model(torch.ones(1, 3)).sum().backward()
    opt.step()
    yield "optimizer", {"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": 3}


def data_pkl(obj):
    buf = io.BytesIO()
    torch.save(obj, buf)
    torch.load(io.BytesIO(buf.getvalue()), weights_only=True)  # parity: PyTorch's safe loader accepts it
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        name = next(n for n in z.namelist() if n.endswith("/data.pkl"))
        return z.read(name)


if __name__ == "__main__":
    for name, obj in fixtures():
        with open(os.path.join(HERE, name + ".pkl"), "wb") as f:
            f.write(data_pkl(obj))
    with open(os.path.join(HERE, "VERSIONS"), "w") as f:
        import numpy
        f.write(f"torch {torch.__version__}\nnumpy {numpy.__version__}\npython {sys.version.split()[0]}\n")
