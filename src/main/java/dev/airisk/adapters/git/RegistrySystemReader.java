package dev.airisk.adapters.git;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Makes JGit ignore the machine-wide Git configuration ({@code /etc/gitconfig}), as
 * {@code GIT_CONFIG_NOSYSTEM} does for git. A registry's behaviour must not depend on it, and finding
 * it costs JGit two runs of the {@code git} executable on every command.
 */
final class RegistrySystemReader extends SystemReader.Delegate {
    private RegistrySystemReader(SystemReader delegate) {
        super(delegate);
    }

    /** Installs the reader once for this process. */
    static synchronized void install() {
        if (!(SystemReader.getInstance() instanceof RegistrySystemReader)) {
            SystemReader.setInstance(new RegistrySystemReader(SystemReader.getInstance()));
        }
    }

    @Override
    public FileBasedConfig openSystemConfig(Config parent, FS fs) {
        return new FileBasedConfig(parent, null, fs) {
            @Override
            public void load() {
                // nothing to load: there is no system configuration for a registry
            }

            @Override
            public boolean isOutdated() {
                return false;
            }
        };
    }
}
