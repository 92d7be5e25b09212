#!/bin/sh
# airisk launcher. The executable jar is appended to this script: the JVM reads the zip from the end.
# It starts faster with class-data sharing: an AppCDS archive (JDK 17-24) or an AOT cache (JDK 25+)
# under $AIRISK_HOME/cache/cds, keyed by this file and the Java runtime. When there is none yet, the
# command runs as usual, and once it has finished a short training run in the background loads the
# classes of every command and writes the archive for the next start. AIRISK_CDS=0 turns this off; any problem with the
# archive falls back to a plain start.
self=$0
case $self in
  */*) ;;
  *) self=$(command -v -- "$self") || { echo "airisk: error: cannot locate the launcher (run it by its path)" >&2; exit 1; } ;;
esac

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java=$JAVA_HOME/bin/java
else
  java=$(command -v java) || { echo "airisk: error: no Java runtime found (install Java 17 or newer, or set JAVA_HOME)" >&2; exit 1; }
fi

# (No -Xshare option: sharing is on by default where there is an archive, and JDK 25 refuses one beside
# -XX:AOTCache and -XX:AOTCacheOutput.)
opts="-XX:+UseSerialGC -XX:-UsePerfData"
# The JIT compilers that serve the command best, by the command (and subcommand) it names:
# - hash: commands that hash or copy model bytes (register, verify, pull, export, and check, promote,
#   canary, rollback and attach, which re-hash every blob of the version, and scan) need the optimising
#   C2 compiler, whose SHA-256 intrinsic makes hashing fast; later C2 thresholds keep it to the hot
#   loops, so its compiler threads do not take the cores from the hashing threads while it starts.
# - quick: commands that only read metadata run briefly: the quick C1 compiler alone serves them best.
# - quick also: 'agent' (the agent's own process chooses its JIT itself).
# - full: every other command unlocks a signing key (PBKDF2, hundreds of thousands of HMAC rounds),
#   which C2 compiles into a much faster loop, so it runs with full tiered compilation (as does a
#   command this list does not know).
cmd= sub=
for arg in "$@"; do
  case $arg in
    -*) [ -n "$cmd" ] && break ;;
    *) if [ -z "$cmd" ]; then cmd=$arg; else sub=$arg; break; fi ;;
  esac
done
case $cmd in
  register|verify|pull|export|check|promote|canary|rollback|attach|scan) jit=hash ;;
  ''|help|clone|show|list|lineage|status|history|log|audit|evidence|completion|agent) jit=quick ;;
  keys|policy|consumers|notices)
    case $sub in
      ''|list|export-public|set-default|trusted|show|validate) jit=quick ;;
      *) jit=full ;;
    esac ;;
  *) jit=full ;;
esac
# With the key agent running for this home, a signing command derives no key (the agent signs): C1 alone
# serves it best. (A key the agent does not hold is then unlocked a little slower.)
if [ "$jit" = full ] && [ -S "${AIRISK_HOME:-$HOME/.airisk}/agent/agent.sock" ]; then
  jit=quick
fi
case $jit in
  quick) opts="$opts -XX:TieredStopAtLevel=1" ;;
  hash) opts="$opts -XX:Tier3InvocationThreshold=2000 -XX:Tier4InvocationThreshold=100000 -XX:Tier4CompileThreshold=100000 -XX:Tier4BackEdgeThreshold=400000" ;;
esac

plain() {
  exec "$java" $opts ${AIRISK_JAVA_OPTS:-} -jar "$self" "$@"
}

[ "${AIRISK_CDS:-1}" = 0 ] && plain "$@"

jhome=$(dirname "$(dirname "$(readlink -f "$java" 2>/dev/null || echo "$java")")")
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jhome/release" 2>/dev/null)
stamp=$(stat -L -c '%s.%Y' "$self" 2>/dev/null || stat -L -f '%z.%m' "$self" 2>/dev/null)
cache=${AIRISK_HOME:-$HOME/.airisk}/cache/cds
{ [ -n "$major" ] && [ "$major" -ge 17 ] && [ -n "$stamp" ] && mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ]; } || plain "$@"
key=$(printf '%s|%s|%s' "$self" "$stamp" "$jhome" | cksum | cut -d' ' -f1)
if [ "$major" -ge 25 ]; then
  archive=$cache/airisk-$key-jdk$major.aot use="-XX:AOTCache=$archive" make=-XX:AOTCacheOutput
else
  archive=$cache/airisk-$key-jdk$major.jsa use="-XX:SharedArchiveFile=$archive" make=-XX:ArchiveClassesAtExit
fi
quiet="-Xlog:disable -Xlog:all=error:stderr"

if [ -f "$archive" ]; then
  exec "$java" $opts $quiet "$use" ${AIRISK_JAVA_OPTS:-} -jar "$self" "$@"
fi

# No archive yet: train one in the background (once; a stale lock is cleared after ten minutes), only
# after the command has finished, so that the training never takes the cores from the command that
# started it. The command keeps this process's id (exec below); the training waits for that id to end.
lock=$archive.lock
find "$lock" -maxdepth 0 -mmin +10 -exec rmdir {} \; 2>/dev/null
if mkdir "$lock" 2>/dev/null; then
  launched=$$
  (
    trap '' HUP
    while kill -0 "$launched" 2>/dev/null; do sleep 1; done
    tmp=$archive.$$.tmp
    # at the lowest priority, so that it slows no command that starts meanwhile either
    nice=$(command -v nice 2>/dev/null) && nice="$nice -n 19"
    $nice "$java" $opts $quiet "$make=$tmp" -Dairisk.cds.training=true -jar "$self" >/dev/null 2>&1 </dev/null \
      && [ -s "$tmp" ] && mv -f "$tmp" "$archive"
    rm -f "$tmp" "$tmp.config"
    rmdir "$lock"
  ) >/dev/null 2>&1 </dev/null &
fi
plain "$@"
