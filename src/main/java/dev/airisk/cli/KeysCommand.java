package dev.airisk.cli;

import dev.airisk.adapters.crypto.X509Chains;
import dev.airisk.core.AiriskException;
import dev.airisk.core.Limits;
import dev.airisk.core.port.Keyring.KeyInfo;
import dev.airisk.core.port.Keyring;
import dev.airisk.core.release.Administration;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airisk keys}: the local signing keys under $AIRISK_HOME/keys. */
@Command(name = "keys", description = "Manage the local signing keys under $AIRISK_HOME/keys.",
        subcommands = {KeysCommand.Generate.class, KeysCommand.Import.class, KeysCommand.ListKeys.class, KeysCommand.ExportPublic.class,
                KeysCommand.SetDefault.class, KeysCommand.Trust.class, KeysCommand.Enroll.class, KeysCommand.Revoke.class, KeysCommand.Trusted.class})
final class KeysCommand {
    @Mixin HelpOption help;

    static Map<String, Object> json(KeyInfo k, Context ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", k.name());
        m.put("key_id", k.keyId());
        m.put("type", k.type());
        m.put("default", k.isDefault());
        m.put("private_key", ctx.home().resolve("keys").resolve(k.name() + ".key.pem").toString());
        m.put("public_key", ctx.home().resolve("keys").resolve(k.name() + ".pub.pem").toString());
        Path token = ctx.home().resolve("keys").resolve(k.name() + ".pkcs11.json");
        if (Files.isRegularFile(token)) {
            m.put("private_key", null);
            m.put("pkcs11", token.toString());
        }
        Path certificate = ctx.home().resolve("keys").resolve(k.name() + ".cert.pem");
        m.put("certificate", Files.isRegularFile(certificate) ? certificate.toString() : null);
        return m;
    }

    @Command(name = "import", description = {
            "Add a key whose private half stays in a PKCS#11 token (an HSM, SoftHSM), and/or attach the X.509 certificate the"
                    + " organisation's CA issued for a key.",
            "With --pkcs11 the token is opened with the user PIN from $AIRISK_KEY_PASSPHRASE or the prompt, and signing happens in"
                    + " the token. With --certificate the certificate's public key must be the key's; it is kept beside the key and"
                    + " written into what the key signs."})
    static final class Import implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "<name>", description = "Name of the key (new with --pkcs11, else an existing key).")
        String name;
        @Option(names = "--pkcs11", paramLabel = "<module>", description = "The token's PKCS#11 library (absolute path), e.g. /usr/lib/softhsm/libsofthsm2.so.")
        Path module;
        @Option(names = "--slot", paramLabel = "<id>", description = "The token's slot id (default: the first slot the module lists).")
        Long slot;
        @Option(names = "--slot-index", paramLabel = "<n>", defaultValue = "0", description = "The token's index in the module's slot list, when --slot is not given (default: 0).")
        int slotIndex;
        @Option(names = "--key-label", paramLabel = "<label>", description = "The label of the private key in the token (with --pkcs11).")
        String keyLabel;
        @Option(names = "--certificate", paramLabel = "<cert.pem>", description = "The key's X.509 certificate (PEM), optionally followed by its intermediates.")
        Path certificate;
        @Option(names = "--chain", paramLabel = "<intermediates.pem>", description = "Intermediate CA certificates (PEM), the one that issued the key's certificate first.")
        Path chain;

        Import(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            if (chain != null && certificate == null) {
                throw new AiriskException.InvalidInput("--chain needs --certificate", "give the key's own certificate with --certificate CERT.pem");
            }
            if (module == null && certificate == null) {
                throw new AiriskException.InvalidInput("nothing to import for key '" + name + "'",
                        "give --pkcs11 MODULE --key-label LABEL for a key in a token, or --certificate CERT.pem for a key's certificate");
            }
            if (module == null && (keyLabel != null || slot != null)) {
                throw new AiriskException.InvalidInput("--key-label and --slot need --pkcs11", "give the token's PKCS#11 library with --pkcs11 MODULE");
            }
            if (module != null && keyLabel == null) {
                throw new AiriskException.InvalidInput("--pkcs11 needs --key-label", "give the label of the key in the token with --key-label LABEL");
            }
            String certificates = null;
            if (certificate != null) {
                certificates = new String(ctx.inputs().read(certificate, Limits.KEY_CERTIFICATES, "a certificate file"), StandardCharsets.US_ASCII);
                if (chain != null) {
                    String intermediates = new String(ctx.inputs().read(chain, Limits.KEY_CERTIFICATES, "a certificate file"), StandardCharsets.US_ASCII);
                    certificates = certificates.endsWith("\n") ? certificates + intermediates : certificates + "\n" + intermediates;
                }
            }
            Keyring keyring = ctx.keyring();
            KeyInfo k;
            if (module != null) {
                char[] pin = ctx.prompts().passphrase(name, false);
                try {
                    k = keyring.importPkcs11(name, new Keyring.Pkcs11Key(module.toString(), slot, slotIndex, keyLabel), pin);
                } finally {
                    Arrays.fill(pin, '\0');
                }
            } else {
                k = keyring.info(name);
            }
            if (certificates != null) {
                k = keyring.attachCertificate(name, certificates);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Json.print(out, json(k, ctx));
            } else {
                out.println((module != null ? "Imported " + k.type() + " key '" + k.name() + "' (PKCS#11 token, slot "
                        + (slot != null ? slot : "index " + slotIndex) + ", label " + keyLabel + ")"
                        : "Attached a certificate to key '" + k.name() + "'"));
                out.println("key id:      " + k.keyId());
                List<String> chainPem = keyring.certificateChainPem(name);
                if (!chainPem.isEmpty()) {
                    var leaf = X509Chains.fromPem(chainPem.get(0), "the key's certificate").get(0);
                    out.println("certificate: " + leaf.getSubjectX500Principal().getName() + ", issued by "
                            + leaf.getIssuerX500Principal().getName() + (chainPem.size() > 1 ? " (+" + (chainPem.size() - 1) + " intermediate)" : ""));
                    out.println("identities:  " + String.join(", ", X509Chains.identities(leaf)));
                }
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "generate", description = "Generate a key pair; the private key is encrypted with the passphrase and kept with mode 0600.")
    static final class Generate implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Mixin OutputOptions output;
        @Option(names = "--name", required = true, paramLabel = "<name>", description = "Name of the key (file name under $AIRISK_HOME/keys).")
        String name;
        @Option(names = "--type", paramLabel = "<type>", defaultValue = "ecdsa-p256",
                description = "Key type: ecdsa-p256 (default), ecdsa-p384, ecdsa-p521 or ed25519.")
        String type;
        @Option(names = "--default", description = "Make it the default key.")
        boolean makeDefault;

        Generate(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Keyring keyring = ctx.keyring();
            if (!Keyring.TYPES.contains(type)) {
                throw new AiriskException.InvalidInput("key type '" + type + "' is not supported",
                        "use one of " + String.join(", ", Keyring.TYPES));
            }
            char[] pass = ctx.prompts().passphrase(name, true);
            KeyInfo k;
            try {
                k = keyring.generate(name, type, pass);
            } finally {
                Arrays.fill(pass, '\0');
            }
            if (makeDefault) {
                keyring.setDefault(name);
                k = keyring.info(name);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Json.print(out, json(k, ctx));
            } else {
                out.println("Generated " + k.type() + " key '" + k.name() + "'");
                out.println("key id:      " + k.keyId());
                out.println("private key: " + ctx.home().resolve("keys").resolve(k.name() + ".key.pem") + " (encrypted, mode 0600)");
                out.println("public key:  " + ctx.home().resolve("keys").resolve(k.name() + ".pub.pem"));
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", description = "List the local keys.")
    static final class ListKeys implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Mixin OutputOptions output;

        ListKeys(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Keyring keyring = ctx.keyring();
            List<KeyInfo> keys = keyring.list();
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Json.print(out, keys.stream().map(k -> json(k, ctx)).toList());
            } else if (keys.isEmpty()) {
                out.println("No keys in " + ctx.home().resolve("keys") + " (create one with 'airisk keys generate --name NAME')");
            } else {
                Table t = new Table("NAME", "TYPE", "KEY ID", "DEFAULT");
                keys.forEach(k -> t.row(k.name(), k.type(), k.keyId(), k.isDefault() ? "yes" : ""));
                t.print(out);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "export-public", description = "Print a key's public key (PEM) to stdout.")
    static final class ExportPublic implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Mixin OutputOptions output;
        @Option(names = "--name", paramLabel = "<name>", description = "The key. Default: $AIRISK_KEY, the default key, or the only key.")
        String name;

        ExportPublic(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            KeyOptions ko = new KeyOptions();
            ko.key = name;
            String keyName = ctx.keyName(ko);
            KeyInfo k = ctx.keyring().info(keyName);
            String pem = ctx.keyring().publicKeyPem(keyName);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Map<String, Object> m = json(k, ctx);
                m.put("public_key_pem", pem);
                Json.print(out, m);
            } else {
                out.print(pem.endsWith("\n") ? pem : pem + "\n");
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "set-default", description = "Make a key the default acting key.")
    static final class SetDefault implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "<name>", description = "The key to act with by default.")
        String name;

        SetDefault(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ctx.keyring().setDefault(name);
            KeyInfo k = ctx.keyring().info(name);
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Json.print(out, json(k, ctx));
            } else {
                out.println("Key '" + k.name() + "' (" + k.keyId() + ") is now the default");
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "trust", description = {"Trust a public key in the registry and grant it roles (needs the admin role).",
            "With --ca and --identity, trust a CA for identities instead: a key whose X.509 certificate chains to the CA and names one of"
                    + " the identities may then enroll itself ('airisk keys enroll') and holds the roles."})
    static final class Trust implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "<public-key.pem>", arity = "0..1", description = "The public key (PEM), e.g. from 'airisk keys export-public'.")
        Path pem;
        @Option(names = "--ca", paramLabel = "<ca.pem>", description = "A CA certificate (PEM) to trust for the identities of --identity, instead of a key.")
        Path ca;
        @Option(names = "--identity", paramLabel = "<identity>", description = "With --ca: an identity (e-mail, DNS name or URI of the certificate's subject alternative names) to grant the roles. Repeatable.")
        List<String> identities;
        @Option(names = "--role", required = true, split = ",", paramLabel = "<role>",
                description = "A role to grant: admin, publisher, releaser, approver, notifier, responder, or an approver role the policy names. Repeatable.")
        List<String> roles;

        Trust(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            if ((pem == null) == (ca == null)) {
                throw new AiriskException.InvalidInput(pem == null ? "give a public key or --ca" : "give either a public key or --ca, not both",
                        "e.g. 'airisk keys trust KEY.pub.pem --role publisher' or 'airisk keys trust --ca CA.pem --identity alice@example.com --role approver'");
            }
            if (ca == null && identities != null) {
                throw new AiriskException.InvalidInput("--identity needs --ca", "name the CA whose certificates carry the identity with --ca CA.pem");
            }
            if (ca != null) {
                String text = new String(ctx.inputs().read(ca, Limits.KEY_CERTIFICATES, "a CA certificate"), StandardCharsets.US_ASCII);
                var t = write.services().administration().trustCa(text, identities == null ? List.of() : identities, roles);
                return printTrust(spec, output, t, t.changed() ? "Trusted CA " + t.keyId() + " for " + String.join(", ", identities)
                        + " as " + String.join(", ", t.roles()) : "CA " + t.keyId() + " is already trusted so; nothing changed");
            }
            String text = new String(ctx.inputs().read(pem, Limits.PUBLIC_KEY, "a PEM public key"), StandardCharsets.UTF_8);
            var t = write.services().administration().trust(text, roles);
            return printTrust(spec, output, t, t.changed() ? "Trusted key " + t.keyId() + " as " + String.join(", ", t.roles())
                    : "Key " + t.keyId() + " already holds " + String.join(", ", t.roles()) + "; nothing changed");
        }
    }

    @Command(name = "enroll", description = {"Trust the acting key in the registry on the strength of its X.509 certificate: its chain must lead to a CA the"
            + " registry trusts for one of the certificate's identities ('airisk keys trust --ca'); the key then holds the roles granted to them.",
            "Attach the certificate first with 'airisk keys import NAME --certificate CERT.pem'."})
    static final class Enroll implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;

        Enroll(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            var t = write.services().administration().enroll();
            return printTrust(spec, output, t, t.changed() ? "Enrolled key " + t.keyId() + " as " + String.join(", ", t.roles())
                    : "Key " + t.keyId() + " is already enrolled as " + String.join(", ", t.roles()) + "; nothing changed");
        }
    }

    @Command(name = "revoke", description = "Remove a key from the registry's trusted keys and from every role (needs the admin role). Its approvals stop counting. Given a CA's id, stop trusting the CA and remove every key enrolled through it.")
    static final class Revoke implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin WriteOptions write;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "<keyid>", description = "The key id or CA id, or a unique prefix of at least 8 hex characters.")
        String keyId;
        @Option(names = "--yes", description = "Do not ask for confirmation (needed when stdin is not a terminal).")
        boolean yes;

        Revoke(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            var admin = write.services().administration();
            if (!yes) {
                ctx.prompts().confirm("Revoke key " + keyId + "? Its approvals will stop counting");
            }
            var t = admin.revoke(keyId);
            return printTrust(spec, output, t, "Revoked key " + t.keyId());
        }
    }

    @Command(name = "trusted", description = "List the registry's trusted keys and their roles.")
    static final class Trusted implements Callable<Integer> {
        private final Context ctx;
        @Spec CommandSpec spec;
        @Mixin HelpOption help;
        @Mixin RegistryOptions registry;
        @Mixin OutputOptions output;

        @Option(names = "--cas", description = "List the CAs trusted for identities instead of the keys: each identity with its roles, and the keys enrolled through the CA.")
        boolean cas;

        Trusted(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            var services = ctx.services(registry, null);
            PrintWriter out = spec.commandLine().getOut();
            if (cas) {
                printCas(out, services.administration().trustedCas());
                return ExitCodes.OK;
            }
            var keys = services.administration().trusted();
            KeyNames names = KeyNames.of(ctx, services);
            if (output.json()) {
                Json.print(out, keys.stream().map(k -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("key_id", k.keyId());
                    m.put("name", names.name(k.keyId()));
                    m.put("roles", k.roles());
                    return m;
                }).toList());
            } else {
                Table t = new Table("KEY ID", "NAME", "ROLES").keep(0);
                keys.forEach(k -> t.row(k.keyId(), names.name(k.keyId()), String.join(", ", k.roles())));
                t.print(out);
            }
            return ExitCodes.OK;
        }

        private void printCas(PrintWriter out, List<Administration.CaTrust> trusted) {
            if (output.json()) {
                Json.print(out, trusted.stream().map(ca -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("ca_id", ca.caId());
                    m.put("subject", subject(ca));
                    m.put("identities", ca.grants());
                    m.put("enrolled_keys", ca.enrolledKeys());
                    return m;
                }).toList());
            } else if (trusted.isEmpty()) {
                out.println("No CA is trusted for identities (an admin trusts one with 'airisk keys trust --ca CA.pem --identity ID --role ROLE')");
            } else {
                Table t = new Table("CA ID", "CA", "IDENTITY", "ROLES", "ENROLLED").keep(0);
                trusted.forEach(ca -> ca.grants().forEach((identity, roles) -> t.row(ca.caId().substring(0, 12), subject(ca), identity,
                        String.join(", ", roles), String.valueOf(ca.enrolledKeys().size()))));
                t.print(out);
            }
            out.flush();
        }

        private static String subject(Administration.CaTrust ca) {
            return X509Chains.fromPem(ca.caPem(), "trust/cas/" + ca.caId() + "/ca.pem").get(0).getSubjectX500Principal().getName();
        }
    }

    private static int printTrust(CommandSpec spec, OutputOptions output, Administration.KeyTrust t, String text) {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key_id", t.keyId());
            m.put("roles", t.roles());
            m.put("changed", t.changed());
            m.put("commit", t.commit());
            Json.print(out, m);
        } else {
            out.println(text + (t.commit() == null ? "" : " [" + t.commit().substring(0, 12) + "]"));
            out.flush();
        }
        return ExitCodes.OK;
    }
}
