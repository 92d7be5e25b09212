package dev.airisk.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PinnedDependenciesGateTest {
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String SHA256 = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";
    static final String FIX = "pin exact versions (name==1.2.3, or name=1.2.3 in conda), or ship a lock file (poetry.lock, uv.lock,"
            + " Pipfile.lock), and register a new version";

    private static GateResult run(TestInput t) {
        return t.run(new PinnedDependenciesGate());
    }

    /** The unpinned dependencies, as the gate shows them. */
    private static List<String> unpinned(TestInput t) {
        return DependencyFiles.check(t.manifest(), path -> Optional.ofNullable(t.files.get(path)))
                .unpinned().stream().map(DependencyFiles.Unpinned::show).toList();
    }

    @Test
    void pinned_noDependencyFiles_passes() {
        assertEquals(GateResult.pass("pinned-dependencies", "no dependency files in the artifact"),
                run(new TestInput().file("README.md", "torch>=2")));
    }

    @Test
    void pinned_everyRequirementPinned_passes() {
        TestInput t = new TestInput().file("requirements.txt", """
                # runtime
                --index-url https://pypi.example/simple
                --extra-index-url=https://mirror.example/simple
                -i https://pypi.example/simple
                --find-links ./wheels
                --require-hashes
                --pre
                torch==2.1.0 --hash=sha256:%s --hash=sha256:%s
                numpy == 1.26.4   # inline comment
                Scikit_Learn[extra]==1.3.2 ; python_version >= "3.9"
                legacy===1.0-custom
                tokenizers==0.15.0+cpu

                """.formatted(SHA256, SHA256));
        assertEquals(GateResult.pass("pinned-dependencies", "dependencies pinned in requirements.txt"), run(t));
    }

    @Test
    void pinned_rangesWildcardsAndBareNames_failWithTheirLines() {
        TestInput t = new TestInput().file("requirements.txt", """
                # comment
                torch>=2.0
                numpy==1.26.4  # fine
                pandas
                scipy==1.11.*
                requests ~= 2.31
                """);
        assertEquals(GateResult.fail("pinned-dependencies", "4 unpinned dependencies: requirements.txt:2 'torch>=2.0',"
                + " requirements.txt:4 'pandas', requirements.txt:5 'scipy==1.11.*' and 1 more", FIX), run(t));
        assertEquals("requirements.txt:6 'requests ~= 2.31'", unpinned(t).get(3));
    }

    @Test
    void pinned_lineContinuations_joinAndReportTheFirstLine() {
        TestInput t = new TestInput().file("requirements-prod.txt", "torch==2.1.0 \\\n    --hash=sha256:" + SHA256 + "\nnumpy \\\n  >=1.0\r\nflask==3.0.0\n");
        assertEquals(List.of("requirements-prod.txt:3 'numpy >=1.0'"), unpinned(t));
    }

    @Test
    void pinned_includedFiles_areFollowedRelativeToTheIncludingFile() {
        TestInput t = new TestInput()
                .file("deploy/requirements.txt", "-r ../common/base.txt\n--requirement=extra.txt\n-rmissing.txt\ntorch==2.1.0\n")
                .file("common/base.txt", "flask\n-r ../../outside.txt\n")
                .file("deploy/extra.txt", "uvicorn==0.24.0\nhttpx>0.2\n");
        assertEquals(List.of("common/base.txt:1 'flask'", "common/base.txt:2 '-r ../../outside.txt' (not in the artifact)",
                "deploy/extra.txt:2 'httpx>0.2'", "deploy/requirements.txt:3 '-rmissing.txt' (not in the artifact)"), unpinned(t));
    }

    @Test
    void pinned_includeCycle_isReadOnce() {
        TestInput t = new TestInput().file("requirements.txt", "-r requirements-dev.txt\nflask\n")
                .file("requirements-dev.txt", "-r requirements.txt\npytest\n");
        assertEquals(List.of("requirements-dev.txt:2 'pytest'", "requirements.txt:2 'flask'"), unpinned(t));
    }

    @Test
    void pinned_constraintsFile_pinsTheRequirementsInstalledWithIt() {
        TestInput t = new TestInput()
                .file("requirements.txt", "-c constraints.txt\n-r requirements-app.txt\ntorch\n")
                .file("requirements-app.txt", "Flask_Login\nuvicorn\n")
                .file("constraints.txt", "torch==2.1.0\nflask-login==0.6.3\nuvicorn>=0.2\n");
        assertEquals(List.of("constraints.txt:3 'uvicorn>=0.2'", "requirements-app.txt:2 'uvicorn'"), unpinned(t));
    }

    @Test
    void pinned_editableInstalls_areUnpinned() {
        TestInput t = new TestInput().file("requirements.txt", "-e ./src\n--editable=git+https://github.com/org/lib.git@" + COMMIT + "\n");
        assertEquals(List.of("requirements.txt:1 '-e ./src' (editable)",
                "requirements.txt:2 '" + ("--editable=git+https://github.com/org/lib.git@" + COMMIT).substring(0, 77) + "...' (editable)"), unpinned(t));
    }

    @Test
    void pinned_directReferences_pinOnlyToACommitOrADigest() {
        TestInput t = new TestInput().file("requirements.txt", String.join("\n",
                "mylib @ git+https://github.com/org/mylib.git@" + COMMIT,
                "sub @ git+https://user@github.com/org/mono.git@" + COMMIT + "#subdirectory=sub",
                "other @ git+https://github.com/org/other.git@main",
                "wheel @ https://files.example/wheel-1.0-py3-none-any.whl#sha256=" + SHA256,
                "hashed @ https://files.example/hashed-1.0.tar.gz --hash=sha256:" + SHA256,
                "loose @ https://files.example/loose-1.0.tar.gz",
                "git+https://github.com/org/bare.git@" + COMMIT + "#egg=bare",
                "git+https://github.com/org/branch.git#egg=branch",
                "./vendor/local-1.0.tar.gz",
                ""));
        assertEquals(List.of("requirements.txt:3 'other @ git+https://github.com/org/other.git@main'",
                "requirements.txt:6 'loose @ https://files.example/loose-1.0.tar.gz'",
                "requirements.txt:8 'git+https://github.com/org/branch.git#egg=branch'",
                "requirements.txt:9 './vendor/local-1.0.tar.gz'"), unpinned(t));
    }

    @Test
    void pinned_lockFiles_countAsPinned() {
        TestInput t = new TestInput().file("poetry.lock", "[[package]]\nname = \"torch\"\n").file("uv.lock", "version = 1\n")
                .file("app/Pipfile.lock", "{}");
        assertEquals(GateResult.pass("pinned-dependencies", "dependencies pinned in app/Pipfile.lock, poetry.lock, uv.lock"), run(t));
    }

    @Test
    void pinned_condaEnvironment_needsExactVersions() {
        TestInput t = new TestInput().file("environment.yml", """
                name: churn
                channels:
                  - conda-forge
                  - defaults
                dependencies:
                  - python=3.11
                  - numpy==1.26.4
                  - conda-forge::pandas=2.1.4=py311_0
                  - scikit-learn>=1.3   # too loose
                  - scipy
                  - matplotlib=3.8.*
                  - "pyarrow 14.0.1"
                  - pip=23.3.1
                  - pip:
                    - torch==2.1.0
                    - transformers>=4.0
                variables:
                  MODE: serve
                """);
        assertEquals(List.of("environment.yml:9 'scikit-learn>=1.3'", "environment.yml:10 'scipy'",
                "environment.yml:11 'matplotlib=3.8.*'", "environment.yml:16 'transformers>=4.0'"), unpinned(t));
        assertEquals("4 unpinned dependencies: environment.yml:9 'scikit-learn>=1.3', environment.yml:10 'scipy',"
                + " environment.yml:11 'matplotlib=3.8.*' and 1 more", run(t).message());
    }

    @Test
    void pinned_condaEnvironment_flowListAndItemsAtTheKeysIndent() {
        TestInput t = new TestInput()
                .file("a/environment.yaml", "dependencies: [python=3.11, numpy]\n")
                .file("b/environment.yml", "dependencies:\n- python=3.11\n- pip:\n  - flask\nprefix: /opt/env\n");
        assertEquals(List.of("a/environment.yaml:1 'numpy'", "b/environment.yml:4 'flask'"), unpinned(t));
    }

    @Test
    void pinned_pipfile_isUnpinnedByStarsAndRanges() {
        TestInput t = new TestInput().file("Pipfile", """
                [[source]]
                url = "https://pypi.org/simple"
                verify_ssl = true

                [packages]
                requests = "*"
                flask = "==3.0.0"  # pinned
                numpy = {version = ">=1.0", extras = ["x"]}
                torch = {version = "==2.1.0", index = "pytorch"}
                mylib = {git = "https://github.com/org/mylib.git", ref = "%s"}
                other = {git = "https://github.com/org/other.git", ref = "main"}
                local = {path = ".", editable = true}

                [dev-packages]
                pytest = "==8.0.0"

                [requires]
                python_version = "3.11"
                """.formatted(COMMIT));
        assertEquals(List.of("Pipfile:6 'requests = \"*\"'", "Pipfile:8 'numpy = {version = \">=1.0\", extras = [\"x\"]}'",
                "Pipfile:11 'other = {git = \"https://github.com/org/other.git\", ref = \"main\"}'",
                "Pipfile:12 'local = {path = \".\", editable = true}'"), unpinned(t));
    }

    @Test
    void pinned_pipfileBesideItsLock_isPinnedByTheLock() {
        TestInput t = new TestInput().file("Pipfile", "[packages]\nrequests = \"*\"\n").file("Pipfile.lock", "{}");
        assertEquals(GateResult.Result.PASS, run(t).result());
        assertEquals("dependencies pinned in Pipfile, Pipfile.lock", run(t).message());
    }

    @Test
    void pinned_hugeDependencyFile_isNotReadAndFails() {
        TestInput t = new TestInput().file("requirements.txt", "#".repeat((int) DependencyFiles.MAX_SIZE + 1));
        assertEquals(List.of("requirements.txt (larger than 4 MiB, not checked)"), unpinned(t));
    }

    @Test
    void pinned_dependencyFileTheStoreDoesNotReturn_fails() {
        TestInput t = new TestInput().file("requirements.txt", "torch==2.1.0\n").file("Pipfile", "[packages]\n");
        assertEquals(List.of("Pipfile (could not be read from the store)", "requirements.txt (could not be read from the store)"),
                DependencyFiles.check(t.manifest(), path -> Optional.empty()).unpinned().stream()
                        .map(DependencyFiles.Unpinned::show).toList());
    }

    @Test
    void exactSpec_acceptsOnlyOneExactVersion() {
        for (String s : List.of("==1.2.3", "== 1.2", "===1.0-custom", ">=1,==1.2.3", "(==1.0)")) {
            assertEquals(true, DependencyFiles.exactSpec(s), s);
        }
        for (String s : List.of("", "*", ">=1.2", "==1.2.*", "~=1.2", "!=1.0", "<2", "===1.*")) {
            assertEquals(false, DependencyFiles.exactSpec(s), s);
        }
    }
}
