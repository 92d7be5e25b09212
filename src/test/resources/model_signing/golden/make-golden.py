#!/usr/bin/env python3
"""Writes the golden bundles under this folder by following OpenSSF model_signing's signing source.

model_signing itself cannot be installed here (its dependencies sigstore, in_toto_attestation and blake3
are not available), so this script does what its key-mode signing does, with Python's standard library
and `cryptography`, following https://github.com/sigstore/model-transparency at commit e343073:

- src/model_signing/hashing.py `Config.hash` and src/model_signing/_serialization/file.py /
  file_shard.py `Serializer.serialize`: every file below the model (or the model file itself, named
  "."), git paths and the signature ignored, the ignore paths recorded relative to the model; shards
  are `path:start:end` pieces of `shard_size` bytes recorded with algorithm `<hash>-sharded-<size>`;
- src/model_signing/manifest.py: resources sorted by path (PurePosixPath order), the serialization
  parameters (`method`, `hash_type`, `allow_symlinks`, `shard_size`, `ignore_paths`);
- src/model_signing/_signing/signing.py `Payload`: the in-toto statement, its subject digest SHA-256
  over the raw resource digests in order;
- src/model_signing/_signing/sign_ec_key.py `Signer.sign` and `_get_verification_material`: the
  statement as protobuf JSON (indent 2), ECDSA with the curve's SHA-2 over
  src/model_signing/_signing/sign_sigstore_pb.py `pae`, the public key hint (SHA-256 of the PEM).

Each case gets a fresh key; only its public key is kept (key.pub.pem). CI does not run this script;
the Java tests verify what it wrote. Run it from this folder: python3 make-golden.py
"""

import base64
import hashlib
import json
import os
import pathlib
import shutil

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

HERE = pathlib.Path(__file__).resolve().parent
GIT_PATHS = [".git/", ".gitattributes", ".github/", ".gitignore"]


def pae(raw_payload):
    payload_type = "application/vnd.in-toto+json"
    pae_str = f"DSSEv1 {len(payload_type)} {payload_type} {len(raw_payload)}"
    return b" ".join([pae_str.encode("utf-8"), raw_payload])


def curve_hash(key):
    return {256: hashes.SHA256(), 384: hashes.SHA384(), 521: hashes.SHA512()}[key.curve.key_size]


def digest(data, hash_type):
    return (hashlib.sha256(data) if hash_type == "sha256" else hashlib.blake2b(data)).hexdigest()


def serialize(model_path, ignore_paths, hash_type, shard_size):
    ignored = [model_path / p for p in ignore_paths] + [model_path / p for p in GIT_PATHS]
    items = {}
    for path in [model_path, *model_path.glob("**/*")]:
        if any(path.is_relative_to(i) for i in ignored):
            continue
        if path.is_symlink():
            raise ValueError(f"Cannot use '{path}' because it is a symlink.")
        if not path.is_file():
            continue
        rel = path.relative_to(model_path)
        data = path.read_bytes()
        if shard_size is None:
            items[(rel, 0, 0)] = (hash_type, digest(data, hash_type), str(rel))
        else:
            for start in range(0, len(data), shard_size):
                end = min(len(data), start + shard_size)
                items[(rel, start, end)] = (f"{hash_type}-sharded-{shard_size}", digest(data[start:end], hash_type),
                                            f"{rel}:{start}:{end}")
    recorded = []
    for p in ignored:
        rp = os.path.relpath(p, model_path)
        if not rp.startswith("../"):
            recorded.append(str(pathlib.Path(rp)))
    return [items[k] for k in sorted(items)], recorded


def sign(case, model_rel, curve, hash_type="sha256", shard_size=None, signature_inside=True, files=None):
    out = HERE / case
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    for name, data in files.items():
        p = out / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    model_path = out / model_rel
    signature = out / "model.sig"
    ignore = []
    if signature_inside and model_path.is_dir():
        ignore.append(pathlib.Path("model.sig"))
    resources, recorded = serialize(model_path, ignore, hash_type, shard_size)
    root = hashlib.sha256(b"".join(bytes.fromhex(d) for _, d, _ in resources)).hexdigest()
    serialization_params = {"method": "files" if shard_size is None else "shards", "hash_type": hash_type}
    if shard_size is not None:
        serialization_params["shard_size"] = shard_size
    serialization_params["allow_symlinks"] = False
    if recorded:
        serialization_params["ignore_paths"] = recorded
    statement = {
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": model_path.name, "digest": {"sha256": root}}],
        "predicateType": "https://model_signing/signature/v1.0",
        "predicate": {
            "serialization": serialization_params,
            "resources": [{"name": n, "algorithm": a, "digest": d} for a, d, n in resources],
        },
    }
    raw_payload = json.dumps(statement, indent=2).encode("utf-8")
    key = ec.generate_private_key(curve)
    pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    (out / "key.pub.pem").write_bytes(pem)
    sig = key.sign(pae(raw_payload), ec.ECDSA(curve_hash(key)))
    bundle = {
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {"publicKey": {"hint": hashlib.sha256(pem).hexdigest()}, "tlogEntries": []},
        "dsseEnvelope": {
            "payload": base64.b64encode(raw_payload).decode(),
            "payloadType": "application/vnd.in-toto+json",
            "signatures": [{"sig": base64.b64encode(sig).decode(), "keyid": ""}],
        },
    }
    signature.write_text(json.dumps(bundle), encoding="utf-8")


FOLDER = {
    "model/config.json": b'{"hidden": 32}\n',
    "model/weights.bin": bytes(range(256)) * 3,
    "model/tokenizer/vocab.txt": b"a\nb\nc\n",
    "model/.gitattributes": b"*.bin filter=lfs diff=lfs merge=lfs -text\n",
    "model/a-b.txt": b"sorts after a/ in PurePosixPath order\n",
    "model/a/b.txt": b"sorts before a-b.txt\n",
    "model/empty.txt": b"",
}

if __name__ == "__main__":
    sign("p256-folder", "model", ec.SECP256R1(), files=dict(FOLDER, **{"model/model.sig": b""}))
    sign("p384-shards", "model", ec.SECP384R1(), shard_size=100, files=FOLDER, signature_inside=False)
    sign("p521-file", "model.bin", ec.SECP521R1(), files={"model.bin": bytes(range(200))}, signature_inside=False)
    sign("p256-blake2b", "model", ec.SECP256R1(), hash_type="blake2b", files=FOLDER, signature_inside=False)
