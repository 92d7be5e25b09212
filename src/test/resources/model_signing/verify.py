#!/usr/bin/env python3
"""An independent check of model_signing bundles, using only Python's standard library and `cryptography`.

It follows OpenSSF model_signing's own verification source (https://github.com/sigstore/model-transparency,
commit e343073, Apache-2.0) step by step, without its dependencies (sigstore, in_toto_attestation, blake3,
pyOpenSSL), so that the test suite can check bundles airisk writes the way `model_signing verify key` and
`model_signing verify certificate` check them:

- src/model_signing/_cli.py: `_verify_private_key`, `_verify_certificate`, `_resolve_ignore_paths`: the
  signature file and --ignore-paths resolved against the working directory and kept when inside the model;
  the hashing configuration is the command line's (file serialization, SHA-256, --allow-symlinks,
  --ignore-git-paths/--no-ignore-git-paths);
- src/model_signing/_signing/sign_sigstore_pb.py: `Signature.read` (the bundle JSON, older `rawBytes` /
  `keyDetails` key material dropped), the media type check, `pae` and `pae_compat`;
- src/model_signing/_signing/sign_ec_key.py: `Verifier._verify_bundle` (the public key hint, the first
  DSSE signature over the PAE with the curve's SHA-2, else over `pae_compat`), `get_ec_key_hash`;
- src/model_signing/_signing/sign_certificate.py: `Verifier._verify_certificates` (chain to the given CA
  certificates at the leaf's not-before time, key usage digitalSignature or extended key usage code
  signing), then the signature with the leaf's key (the compatibility path with SHA-256). The chain is
  checked here certificate by certificate with `verify_directly_issued_by` instead of OpenSSL's store;
- src/model_signing/_signing/signing.py: `Verifier.verify`, `dsse_payload_to_manifest`,
  `dsse_payload_to_manifest_compat`;
- src/model_signing/verifying.py: `Config.verify`, `_get_manifest_diff`;
- src/model_signing/hashing.py: `Config.hash`, `add_ignored_paths`; src/model_signing/_serialization/
  serialization.py and file.py: `should_ignore`, `check_file_or_directory`, `Serializer.serialize`.

Usage: verify.py MODEL --signature SIG (--public-key PEM | --certificate-chain PEM...) [--ignore-paths P...]
       [--no-ignore-git-paths] [--allow-symlinks]
Prints "Verification succeeded" and exits 0, or prints the reason and exits 1.
"""

import argparse
import base64
import datetime
import hashlib
import json
import os
import pathlib
import sys

from cryptography import exceptions
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import oid

IN_TOTO_JSON_PAYLOAD_TYPE = "application/vnd.in-toto+json"
IN_TOTO_STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://model_signing/signature/v1.0"
PREDICATE_TYPE_COMPAT = "https://model_signing/Digests/v0.1"
BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json"


def pae(raw_payload):
    payload_type = IN_TOTO_JSON_PAYLOAD_TYPE
    pae_str = f"DSSEv1 {len(payload_type)} {payload_type} {len(raw_payload)}"
    return b" ".join([pae_str.encode("utf-8"), raw_payload])


def pae_compat(raw_payload):
    payload_type = IN_TOTO_JSON_PAYLOAD_TYPE
    pae_str = f"DSSEV1 {len(payload_type)} {payload_type} {len(raw_payload)} {raw_payload}"
    return pae_str.encode("utf-8")


def get_ec_key_hash(public_key):
    match public_key.curve.key_size:
        case 256:
            return hashes.SHA256()
        case 384:
            return hashes.SHA384()
        case 521:
            return hashes.SHA512()
        case size:
            raise ValueError(f"Unexpected key size {size}")


def check_supported_ec_key(public_key):
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        raise ValueError("Only elliptic curve keys are supported")
    if public_key.curve.name not in ["secp256r1", "secp384r1", "secp521r1"]:
        raise ValueError(f"Unsupported key for curve '{public_key.curve.name}'")


def read_bundle(path):
    parsed = json.loads(path.read_text(encoding="utf-8"))
    material = parsed["verificationMaterial"]
    if "tlogEntries" not in material:
        material["tlogEntries"] = []
    if "publicKey" in material:
        if "hint" not in material["publicKey"]:
            material["publicKey"]["hint"] = None
        for k in ["rawBytes", "keyDetails"]:
            material["publicKey"].pop(k, None)
    if parsed["mediaType"] != BUNDLE_MEDIA_TYPE:
        raise ValueError(f"Invalid sigstore bundle, got media type {parsed['mediaType']}")
    envelope = parsed["dsseEnvelope"]
    payload = base64.b64decode(envelope["payload"])
    signature = base64.b64decode(envelope["signatures"][0]["sig"])
    return material, envelope["payloadType"], payload, signature


def verify_with_key(public_key_path, material, payload, signature):
    public_key = serialization.load_pem_public_key(public_key_path.read_bytes())
    check_supported_ec_key(public_key)
    raw = public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    hint = (material.get("publicKey") or {}).get("hint")
    if hint and hint != hashlib.sha256(raw).hexdigest():
        raise ValueError("Key mismatch: The public key hash in the signature's verification material "
                         "does not match the provided public key.")
    try:
        public_key.verify(signature, pae(payload), ec.ECDSA(get_ec_key_hash(public_key)))
    except exceptions.InvalidSignature:
        public_key.verify(signature, pae_compat(payload), ec.ECDSA(get_ec_key_hash(public_key)))


def load_certificates(pem):
    """Every certificate of a PEM text (x509.load_pem_x509_certificates where `cryptography` has it, 39+)."""
    end = b"-----END CERTIFICATE-----"
    return [x509.load_pem_x509_certificate(block + end) for block in pem.split(end) if b"-----BEGIN CERTIFICATE-----" in block]


def not_before(cert):
    return cert.not_valid_before_utc if hasattr(cert, "not_valid_before_utc") else cert.not_valid_before.replace(tzinfo=datetime.timezone.utc)


def not_after(cert):
    return cert.not_valid_after_utc if hasattr(cert, "not_valid_after_utc") else cert.not_valid_after.replace(tzinfo=datetime.timezone.utc)


def issued_by(cert, issuer):
    """cert.verify_directly_issued_by(issuer) (`cryptography` 40+), or the same signature check by hand."""
    if hasattr(cert, "verify_directly_issued_by"):
        cert.verify_directly_issued_by(issuer)
        return
    if cert.issuer != issuer.subject:
        raise ValueError("issuer mismatch")
    key = issuer.public_key()
    if isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(cert.signature_hash_algorithm))
    else:
        from cryptography.hazmat.primitives.asymmetric import padding
        key.verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), cert.signature_hash_algorithm)


def verify_with_certificates(ca_paths, material, payload, signature):
    anchors = load_certificates(b"".join(p.read_bytes() for p in ca_paths))
    chain = [x509.load_der_x509_certificate(base64.b64decode(c["rawBytes"]))
             for c in material["x509CertificateChain"]["certificates"]]
    leaf = chain[0]
    at = not_before(leaf)
    path = list(chain)
    while True:
        current = path[-1]
        if not (not_before(current) <= at <= not_after(current)):
            raise ValueError("certificate not valid at the signing time")
        issuer = next((a for a in anchors if a.subject == current.issuer), None)
        if issuer is not None:
            issued_by(current, issuer)
            if not (not_before(issuer) <= at <= not_after(issuer)):
                raise ValueError("CA certificate not valid at the signing time")
            break
        if len(path) == len(chain) and current in anchors:
            break
        nxt = next((c for c in chain if c.subject == current.issuer and c not in path), None)
        if nxt is None:
            raise ValueError("unable to get local issuer certificate")
        issued_by(current, nxt)
        path.append(nxt)
    can_sign = False
    try:
        can_sign = leaf.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    except x509.ExtensionNotFound:
        pass
    if not can_sign:
        try:
            can_sign = oid.ExtendedKeyUsageOID.CODE_SIGNING in leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except x509.ExtensionNotFound:
            pass
    if not can_sign:
        raise ValueError("Signing certificate cannot be used for signing")
    public_key = leaf.public_key()
    try:
        public_key.verify(signature, pae(payload), ec.ECDSA(get_ec_key_hash(public_key)))
    except exceptions.InvalidSignature:
        public_key.verify(signature, pae_compat(payload), ec.ECDSA(hashes.SHA256()))


def expected_manifest(statement):
    if statement["_type"] != IN_TOTO_STATEMENT_TYPE:
        raise ValueError(f"Expected in-toto {IN_TOTO_STATEMENT_TYPE} payload, but got {statement['_type']}")
    if statement["predicateType"] == PREDICATE_TYPE_COMPAT:
        return {s["name"]: ("sha256", s["digest"]["sha256"]) for s in statement["subject"]}, {}
    if statement["predicateType"] != PREDICATE_TYPE:
        raise ValueError(f"Predicate type mismatch, got {statement['predicateType']}")
    subjects = statement["subject"]
    if len(subjects) != 1:
        raise ValueError(f"Expected only one subject, got {subjects}")
    predicate = statement["predicate"]
    serialization_args = predicate["serialization"]
    if serialization_args["method"] not in ("files", "shards"):
        raise ValueError(f"Unknown serialization type {serialization_args['method']}")
    hasher = hashlib.sha256()
    items = {}
    for resource in predicate["resources"]:
        value = bytes.fromhex(resource["digest"])
        hasher.update(value)
        name = str(pathlib.PurePosixPath(resource["name"]))
        items[name] = (resource["algorithm"], value.hex())
    if hasher.hexdigest() != subjects[0]["digest"]["sha256"]:
        raise ValueError("Manifest is inconsistent. Root digest is "
                         f"{subjects[0]['digest']['sha256']}, but the included resources hash to {hasher.hexdigest()}")
    return items, serialization_args


def resolve_ignore_paths(model_path, paths):
    model_root = model_path.resolve()
    cwd = pathlib.Path.cwd()
    out = []
    for p in paths:
        candidate = (p if p.is_absolute() else (cwd / p)).resolve()
        try:
            out.append(candidate.relative_to(model_root))
        except ValueError:
            continue
    return out


def check_file_or_directory(path, allow_symlinks):
    if not allow_symlinks and path.is_symlink():
        raise ValueError(f"Cannot use '{path}' because it is a symlink.")
    if not (path.is_file() or path.is_dir()):
        raise ValueError(f"Cannot use '{path}' as file or directory.")


def actual_manifest(model_path, ignored, ignore_git_paths, allow_symlinks):
    ignore_paths = [model_path / p for p in ignored]
    if ignore_git_paths:
        ignore_paths.extend(model_path / p for p in [".git/", ".gitattributes", ".github/", ".gitignore"])
    items = {}
    for path in [model_path, *model_path.glob("**/*")]:
        if any(path.is_relative_to(i) for i in ignore_paths):
            continue
        check_file_or_directory(path, allow_symlinks)
        if path.is_file():
            with open(path, "rb") as f:
                items[str(path.relative_to(model_path))] = ("sha256", hashlib.sha256(f.read()).hexdigest())
    return items


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model_path", type=pathlib.Path)
    parser.add_argument("--signature", type=pathlib.Path, required=True)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--public-key", type=pathlib.Path)
    group.add_argument("--certificate-chain", type=pathlib.Path, nargs="+")
    parser.add_argument("--ignore-paths", type=pathlib.Path, nargs="*", default=[])
    parser.add_argument("--no-ignore-git-paths", action="store_true")
    parser.add_argument("--allow-symlinks", action="store_true")
    args = parser.parse_args()
    try:
        ignored = resolve_ignore_paths(args.model_path, list(args.ignore_paths) + [args.signature])
        material, payload_type, payload, signature = read_bundle(args.signature)
        if args.public_key:
            verify_with_key(args.public_key, material, payload, signature)
        else:
            verify_with_certificates(args.certificate_chain, material, payload, signature)
        if payload_type != IN_TOTO_JSON_PAYLOAD_TYPE:
            raise ValueError(f"Expected DSSE payload {IN_TOTO_JSON_PAYLOAD_TYPE}, but got {payload_type}")
        expected, serialization_args = expected_manifest(json.loads(payload))
        for p in serialization_args.get("ignore_paths", []):
            full = args.model_path / p
            try:
                full.relative_to(args.model_path)
            except ValueError:
                continue
            ignored.append(pathlib.Path(p))
        actual = actual_manifest(args.model_path, ignored, not args.no_ignore_git_paths, args.allow_symlinks)
        if actual != expected:
            diffs = []
            extra = sorted(set(actual) - set(expected))
            if extra:
                diffs.append("Extra files: " + ", ".join(extra))
            missing = sorted(set(expected) - set(actual))
            if missing:
                diffs.append("Missing files: " + ", ".join(missing))
            for name in sorted(set(actual) & set(expected)):
                if actual[name] != expected[name]:
                    diffs.append(f"Hash mismatch for '{name}'")
            raise ValueError(f"Signature mismatch: {diffs}")
    except Exception as err:  # as model_signing's command line reports every failure
        print(f"Verification failed with error: {err}", file=sys.stderr)
        sys.exit(1)
    print("Verification succeeded")


if __name__ == "__main__":
    main()
