"""Writes the hand-made pickles of the scanner's tests with Python's own pickle module. They are only
written, never loaded: some carry a payload that would run `echo` when loaded.

Run:  PYTHONPATH=/tmp/torchlib python3 make_pickles.py   (Python 3.11.7, torch 2.13.0+cpu for module.pkl,
numpy 2.4.6 for numpy_p*.pkl)
"""
import io
import os
import pickle
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


class Inner:
    """Pickles as a call of os.system (posix.system on Linux)."""

    def __reduce__(self):
        return os.system, ("echo pwned",)


class Outer:
    """Pickles as pickle.loads(<the inner pickle>), the inner pickle's bytes as `payload`."""

    def __init__(self, payload):
        self.payload = payload

    def __reduce__(self):
        return pickle.loads, (self.payload,)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def nested():
    for proto in range(0, 6):
        inner = pickle.dumps(Inner(), protocol=proto if proto >= 2 else 2)
        write(f"nested_bytes_p{proto}.pkl", pickle.dumps(Outer(inner), protocol=proto))
    inner = pickle.dumps(Inner(), protocol=2)
    write("nested_bytearray_p2.pkl", pickle.dumps(Outer(bytearray(inner)), protocol=2))
    write("nested_bytearray_p5.pkl", pickle.dumps(Outer(bytearray(inner)), protocol=5))
    big = pickle.dumps(Inner(), protocol=4) + b"A" * 70000  # beyond the 64 KiB a kept string may have
    for proto in (0, 2):  # UNICODE lines and BINUNICODE (protocol 1 writes BINUNICODE as 2 does)
        write(f"nested_long_p{proto}.pkl", pickle.dumps(Outer(big), protocol=proto))


def module():
    import torch

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = torch.nn.Linear(2, 1)

        def forward(self, x):
            return self.fc(x)

    Net.__module__ = "__main__"
    Net.__qualname__ = "Net"
    import __main__
    __main__.Net = Net
    buf = io.BytesIO()
    torch.save(Net(), buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        write("module.pkl", z.read(next(n for n in z.namelist() if n.endswith("/data.pkl"))))


def numpy_arrays():
    import numpy as np

    data = {"a": np.arange(6.0).reshape(2, 3), "t": np.arange(4).reshape(2, 2).T, "s": np.float32(1.5),
            "d": np.dtype("int16"), "u": np.array([1, 2], dtype=np.uint16)}
    for proto in (2, 4, 5):
        write(f"numpy_p{proto}.pkl", pickle.dumps(data, protocol=proto))


if __name__ == "__main__":
    nested()
    module()
    numpy_arrays()
