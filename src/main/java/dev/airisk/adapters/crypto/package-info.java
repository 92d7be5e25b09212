/**
 * The crypto adapter: local keys and the interoperable signature formats airisk writes and checks.
 *
 * <ul>
 *   <li>{@link dev.airisk.adapters.crypto.FileKeyring}: ECDSA P-256 and Ed25519 keys as encrypted
 *       PKCS#8 PEM (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) readable by {@code openssl pkey}.</li>
 *   <li>{@link dev.airisk.adapters.crypto.Dsse}: DSSE v1 envelopes, for model signatures and approvals.</li>
 *   <li>{@link dev.airisk.adapters.crypto.SigstoreAttestations}: {@code model.sig} as OpenSSF
 *       model_signing v1.0 writes it in key mode (Sigstore bundle v0.3, in-toto Statement v1), and
 *       signed statements (approvals, attachments, checklist answers) as plain DSSE envelopes of
 *       in-toto Statements v1.</li>
 *   <li>{@link dev.airisk.adapters.crypto.SigstoreModelSigning}: OpenSSF model_signing's bundles of
 *       v0.2 to v1.1 checked against a model's files (key and certificate modes, files and shards,
 *       SHA-256, BLAKE2b, BLAKE3), and models signed as its key mode signs them ({@code airisk sign}).</li>
 *   <li>{@link dev.airisk.adapters.crypto.SshSignatures}: OpenSSH SSHSIG signatures of Git commits,
 *       checked by {@code git verify-commit} with {@code gpg.format=ssh}.</li>
 * </ul>
 *
 * A key id is the hex SHA-256 of the DER SubjectPublicKeyInfo. The Sigstore bundle's
 * {@code publicKey.hint} is instead the hex SHA-256 of the PEM text, because that is what
 * model_signing compares it with; the DSSE signature's {@code keyid} carries the airisk key id.
 *
 * <p>Keys, signatures, key derivation and ciphers run on the JDK's own JCA providers (SunEC, SunJCE),
 * which start far faster than BouncyCastle's. BouncyCastle is a library here, for ASN.1, PKCS#8
 * structures, OpenSSH encodings and the BLAKE2b and BLAKE3 digests; its provider is created only for keys the JDK's providers cannot
 * read the way airisk always has.
 */
package dev.airisk.adapters.crypto;
