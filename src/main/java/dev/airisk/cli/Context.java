package dev.airisk.cli;

import dev.airisk.adapters.agent.AgentClient;
import dev.airisk.adapters.agent.AgentPaths;
import dev.airisk.adapters.archive.CommonsContainerReader;
import dev.airisk.adapters.archive.FileModelSources;
import dev.airisk.adapters.archive.TarGzArchiveWriter;
import dev.airisk.adapters.crypto.FileKeyring;
import dev.airisk.adapters.crypto.SignatureMemo;
import dev.airisk.adapters.crypto.SigstoreAttestations;
import dev.airisk.adapters.crypto.SigstoreModelSigning;
import dev.airisk.adapters.git.AnchorFiles;
import dev.airisk.adapters.git.GitRegistryProvider;
import dev.airisk.adapters.git.OpenAhead;
import dev.airisk.adapters.git.RemoteAccess;
import dev.airisk.adapters.notify.NotifyChannels;
import dev.airisk.adapters.store.LocalStoreProvider;
import dev.airisk.adapters.store.S3Connection;
import dev.airisk.adapters.store.S3StoreProvider;
import dev.airisk.adapters.store.StoreProviders;
import dev.airisk.adapters.yaml.YamlRegistryCodec;
import dev.airisk.core.AiriskException;
import dev.airisk.core.AiriskException.InvalidInput;
import dev.airisk.core.AiriskException.NotFound;
import dev.airisk.core.Layout;
import dev.airisk.core.notify.Channels;
import dev.airisk.core.policy.Policy;
import dev.airisk.core.port.Keyring;
import dev.airisk.core.port.ModelSigning;
import dev.airisk.core.port.Progress;
import dev.airisk.core.port.Registry;
import dev.airisk.core.port.Signer;
import dev.airisk.core.release.Administration;
import dev.airisk.core.release.HistoryVerifier;
import dev.airisk.core.release.Initializer;
import dev.airisk.core.release.Scans;
import dev.airisk.core.release.Services;
import dev.airisk.core.release.VerifiedRegistry;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a command takes from its surroundings, read once: the environment variables, the
 * terminal, and the adapters wired to the core. The composition root of the command line.
 */
final class Context implements AutoCloseable {
    static final String HOME = "AIRISK_HOME";
    static final String REGISTRY = "AIRISK_REGISTRY";
    static final String KEY = "AIRISK_KEY";
    static final String PASSPHRASE = "AIRISK_KEY_PASSPHRASE";
    static final String TRUST_ANCHOR = "AIRISK_TRUST_ANCHOR";
    /** Where the key agent's socket goes when AIRISK_HOME's path is too long for one. */
    static final String RUNTIME_DIR = "XDG_RUNTIME_DIR";

    private final Map<String, String> env;
    private final Prompts prompts;
    private final Clock clock;
    private final Channels channels;
    private final Path home;
    private final InputFiles inputs;
    private Keyring keyring;
    private Registry opened;
    private Services writing;
    private Services last;
    private boolean named;
    private PrintWriter err;
    private StoreProviders stores;
    private Progress progress = Progress.NONE;
    private OpenAhead ahead;
    private SignatureMemo memo;

    /** A run's context: the system's clock is the one clock its commands, adapters and gates read. */
    Context(Map<String, String> env, Console console) {
        this(env, console, null, Clock.systemUTC(), null);
    }

    /**
     * A context whose commands use {@code keyring} (null: the key files under the home folder), the
     * time of {@code clock}, and {@code channels} (null: the real ones, built from the environment).
     */
    Context(Map<String, String> env, Console console, Keyring keyring, Clock clock, Channels channels) {
        this(env, console, keyring, clock, channels, InputFiles.OPEN_TIMEOUT);
    }

    /** As above; opening a user's input file (a FIFO with no writer) is given up after {@code inputOpenTimeout}. */
    Context(Map<String, String> env, Console console, Keyring keyring, Clock clock, Channels channels,
            Duration inputOpenTimeout) {
        this.inputs = new InputFiles(inputOpenTimeout);
        this.clock = clock;
        this.channels = channels;
        this.env = Map.copyOf(env);
        this.prompts = new Prompts(this.env.get(PASSPHRASE), console);
        this.keyring = keyring;
        String h = this.env.get(HOME);
        this.home = (h != null && !h.isBlank() ? Path.of(h) : Path.of(System.getProperty("user.home"), ".airisk"))
                .toAbsolutePath().normalize();
    }

    /** The time every command, adapter and gate reads (a test sets its own). */
    Clock clock() {
        return clock;
    }

    /** The environment commands were given (read once, here). */
    Map<String, String> environment() {
        return env;
    }

    /** Where warnings of the adapters go: the command's stderr (nowhere until this is called, as in a training run). */
    void warnTo(PrintWriter err) {
        this.err = err;
    }

    private void warn(String message) {
        if (err == null) {
            return;
        }
        err.println("airisk: warning: " + ErrorText.safe(message, env));
        err.flush();
    }

    /** Shows progress bars for long work on {@code err}; the command line calls this only when stderr is a terminal. */
    void showProgressOn(PrintWriter err) {
        progress = new ProgressBar(err);
    }

    /** Shows no progress bar (output for a program: --format json). */
    void hideProgress() {
        progress = Progress.NONE;
    }

    /**
     * Local folders and S3 buckets, by the location's scheme. S3 is reached with the AWS variables of
     * this environment (credentials, profile, region, endpoint), never with the process's own.
     */
    StoreProviders stores() {
        if (stores == null) {
            stores = new StoreProviders(new LocalStoreProvider(), () -> new S3StoreProvider(S3Connection.from(env), progress, clock));
        }
        return stores;
    }

    Path home() {
        return home;
    }

    /** Refuses a model path that does not exist, before anything else about the command is checked. */
    void requireModelPath(Path path) {
        FileModelSources.requireExists(path);
    }

    /** The reader of the small files a person names (META.yaml, policies, answers, public keys), bounded and never hanging. */
    InputFiles inputs() {
        return inputs;
    }

    Keyring keyring() {
        if (keyring == null) {
            keyring = new FileKeyring(home);
        }
        return keyring;
    }

    String registry(RegistryOptions options) {
        String r = options.registry != null ? options.registry : env.get(REGISTRY);
        if (r == null || r.isBlank()) {
            throw new InvalidInput("no registry given", "pass --registry PATH or URL, or set AIRISK_REGISTRY");
        }
        return r;
    }

    /** True when a registry is named by --registry or AIRISK_REGISTRY. */
    boolean hasRegistry(RegistryOptions options) {
        String r = options.registry != null ? options.registry : env.get(REGISTRY);
        return r != null && !r.isBlank();
    }

    /** Validates a policy file against the given environments, without a registry. */
    Policy validatePolicy(byte[] text, String file, List<String> environments) {
        return Administration.validate(new YamlRegistryCodec(), text, file, environments);
    }

    /** The acting key's name: --key, AIRISK_KEY, the default key, or the only one. */
    String keyName(KeyOptions options) {
        String k = options.key != null ? options.key : env.get(KEY);
        if (k != null && !k.isBlank()) {
            return keyring().info(k).name();
        }
        return keyring().defaultKey().map(Keyring.KeyInfo::name).orElseThrow(() -> keyring().list().isEmpty()
                ? new NotFound("there is no key in " + home.resolve("keys"), "create one with 'airisk keys generate --name NAME'")
                : new InvalidInput("several keys and none is the default", "pass --key NAME, set AIRISK_KEY, or run 'airisk keys set-default NAME'"));
    }

    /**
     * The acting key, with its passphrase from AIRISK_KEY_PASSPHRASE or a prompt; it is unlocked in
     * the background, and a wrong passphrase surfaces before the command publishes anything.
     */
    Signer signer(KeyOptions options) {
        return signer(options, true);
    }

    /**
     * As above; {@code unlockNow} false unlocks the key only when it first signs (a run that may have
     * nothing to sign). When the key agent holds the key, it signs and no passphrase is asked for.
     */
    Signer signer(KeyOptions options, boolean unlockNow) {
        String name = keyName(options);
        AgentClient agent = agentHolding(name, keyring().info(name).keyId());
        return new UnlockingSigner(keyring(), name, agent, () -> prompts.passphrase(name, false), unlockNow);
    }

    /** Where this home's key agent listens and logs (see {@link AgentPaths}). */
    AgentPaths agentPaths() {
        return AgentPaths.of(home, env.get(RUNTIME_DIR));
    }

    /** The key agent, when one runs for this home and holds the key {@code name} with id {@code keyId} unlocked; else null. */
    private AgentClient agentHolding(String name, String keyId) {
        AgentPaths paths;
        try {
            paths = agentPaths();
        } catch (InvalidInput noSocketPath) {
            return null;
        }
        AgentClient agent = AgentClient.at(paths);
        try {
            return agent.status().filter(s -> s.holds(name, keyId)).map(s -> agent).orElse(null);
        } catch (AiriskException unusable) {
            warn("the key agent is not used: " + unusable.getMessage());
            return null;
        }
    }

    /** The questions a command asks on the terminal: passphrases and confirmations. */
    Prompts prompts() {
        return prompts;
    }

    /**
     * Registries at paths and URLs; a URL's local copy lives under AIRISK_HOME/cache/registries and is
     * fetched as --refresh and --offline say (else when older than the registry's fetch_interval).
     */
    GitRegistryProvider registries(RegistryOptions options) {
        if (options.refresh && options.offline) {
            throw new InvalidInput("--refresh and --offline contradict each other", "give one of them");
        }
        RemoteAccess.Freshness freshness = options.offline ? RemoteAccess.Freshness.OFFLINE
                : options.refresh ? RemoteAccess.Freshness.REFRESH : RemoteAccess.Freshness.CACHED;
        YamlRegistryCodec codec = new YamlRegistryCodec();
        return new GitRegistryProvider(clock, new RemoteAccess(home.resolve("cache").resolve("registries"), freshness,
                bytes -> codec.readSettings(bytes, Layout.SETTINGS).fetchInterval()), this::warn);
    }

    /**
     * The opening of the registry {@code args} name (else AIRISK_REGISTRY) to run ahead, on another
     * thread while the command line is parsed; null when there is none to open ahead. A command that
     * opens that registry takes what it opened.
     */
    Runnable openAhead(String[] args) {
        if (ahead == null) {
            ahead = OpenAhead.of(Cli.guess(args, "--registry", env.get(REGISTRY)));
        }
        return ahead == null ? null : ahead::run;
    }

    /**
     * Work to run on another thread while the command line is parsed: reading the acting key's public
     * key that {@code args} (else AIRISK_KEY, else the default key) name (the first key a process reads
     * sets up the Java runtime's elliptic-curve classes, and a key once read is kept, see
     * {@link dev.airisk.adapters.crypto.PublicKeys}), then a first YAML and JSON document. The command
     * reads its key and files itself as before.
     */
    Runnable keyAhead(String[] args) {
        String named = Cli.guess(args, "--key", env.get(KEY));
        Path keys = home;
        return () -> {
            try {
                FileKeyring ring = new FileKeyring(keys);
                String name = named != null ? named : ring.defaultKey().map(Keyring.KeyInfo::name).orElse(null);
                if (name != null) {
                    ring.publicKeyPem(name);
                }
            } catch (RuntimeException unreadable) {
                // the command reads the key itself and says what is wrong
            }
            YamlRegistryCodec.warmUp();
            SigstoreAttestations.warmUp();
        };
    }

    /** True when a registry location is a URL (decided by the registry adapter). */
    boolean isUrl(String location) {
        return GitRegistryProvider.isUrl(location);
    }

    /** The folder of the local copy of the registry at the URL {@code options} name. */
    Path cacheOf(RegistryOptions options) {
        return registries(options).cacheOf(registry(options));
    }

    /** The location of the registry last opened, as messages show it (a URL without credentials). */
    String openedLocation() {
        return opened == null ? null : opened.location();
    }

    /**
     * The use-cases over the named registry, every read of it verified from this host's trust anchor
     * (see {@link VerifiedRegistry}); {@code signer} null for read-only commands.
     */
    Services services(RegistryOptions options, Signer signer) {
        GitRegistryProvider provider = registries(options);
        Registry raw = provider.open(registry(options), signer, ahead);
        String pinned = options.trustAnchor != null ? options.trustAnchor : env.get(TRUST_ANCHOR);
        opened = new VerifiedRegistry(raw, new HistoryVerifier(new YamlRegistryCodec(), attestations(), clock,
                Math.max(1, Runtime.getRuntime().availableProcessors())), anchors(), anchorKey(raw.location()), pinned);
        Services services = new Services(opened, new YamlRegistryCodec(), stores(), new FileModelSources(),
                new CommonsContainerReader(), attestations(), new TarGzArchiveWriter(), signer, clock,
                Math.max(1, Runtime.getRuntime().availableProcessors()), modelSigning()).reporting(progress);
        last = services;
        if (signer != null) {
            writing = services;
        }
        return services;
    }

    /**
     * The store of the registry last opened, where it is (a store recorded relative to the registry,
     * resolved). A command that names it in its own output this way is not followed by the line of
     * {@link #actedOn}.
     */
    String openedStore() {
        named = true;
        return last == null ? null : last.storeLocation();
    }

    /**
     * What a command that opened the registry with a signing key acts on, as its text output ends
     * (on stderr): {@code registry /srv/registry.git (store /srv/registry.git.store)}; null when it
     * opened none, or named them itself. A rehearsal on a copy shows here that it works on the copy.
     */
    String actedOn() {
        if (writing == null || named) {
            return null;
        }
        String registry = "registry " + writing.registryLocation();
        try {
            return registry + " (store " + writing.storeLocation() + ")";
        } catch (RuntimeException unreadable) {
            return registry;
        }
    }

    /**
     * Signed statements and commits, made and checked, with the signature checks that passed on this
     * host before remembered under AIRISK_HOME (see {@link SignatureMemo}), unless this command checks
     * every signature afresh ({@link #checkSignaturesAfresh}).
     */
    private SigstoreAttestations attestations() {
        if (memo == null) {
            memo = SignatureMemo.at(home.resolve("cache").resolve("signatures").resolve("passed"));
        }
        return new SigstoreAttestations(memo);
    }

    /** Makes this command check every signature itself, answering none from the checks remembered on this host (verify, audit). */
    void checkSignaturesAfresh() {
        if (memo != null) {
            memo.close();
        }
        memo = SignatureMemo.writeOnly(home.resolve("cache").resolve("signatures").resolve("passed"));
    }

    /** Model signatures as OpenSSF model_signing makes and checks them; no registry needed. */
    ModelSigning modelSigning() {
        return new SigstoreModelSigning();
    }

    /** Scanning needs no registry: only the model sources. */
    Scans scans() {
        return new Scans(new FileModelSources(), new CommonsContainerReader(), Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** The notification channels, with what they take from the environment (HMAC secrets by variable name, SMTP settings). */
    Channels channels() {
        return channels != null ? channels : new NotifyChannels(env, clock);
    }

    /** This process, as notify claims name it: host and pid. */
    static String runner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    /** This host's trust anchors, one per registry, under AIRISK_HOME/anchors. */
    AnchorFiles anchors() {
        return new AnchorFiles(home.resolve("anchors"));
    }

    /** A registry's name among the anchors: its URL without credentials, or its real path. */
    String anchorKey(String location) {
        if (isUrl(location)) {
            return location;
        }
        Path path = Path.of(location).toAbsolutePath().normalize();
        try {
            return path.toRealPath().toString();
        } catch (IOException e) {
            return path.toString();
        }
    }

    /** Trusts the first commit of a registry this host just created. */
    void anchorCreated(String location, String commit) {
        anchors().reset(anchorKey(location), commit);
    }

    Initializer initializer(RegistryOptions options) {
        return new Initializer(registries(options), stores(), new YamlRegistryCodec());
    }

    @Override
    public void close() {
        if (ahead != null) {
            ahead.close();
            ahead = null;
        }
        if (opened != null) {
            opened.close();
            opened = null;
        }
        if (stores != null) {
            stores.close();
            stores = null;
        }
        if (memo != null) {
            memo.close();
            memo = null;
        }
    }
}
