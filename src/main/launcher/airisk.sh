#!/bin/sh
# airisk launcher. The executable jar is appended to this script: the JVM reads the zip from the end.
# It starts faster with class-data sharing: an AppCDS archive (JDK 17-24) or an AOT cache (JDK 25+)
# under $AIRISK_HOME/cache/cds, keyed by this file and the Java runtime. When there is none yet, the
# command runs as usual while a short training run in the background loads the classes of every
# command and writes the archive for the next start. AIRISK_CDS=0 turns this off; any problem with the
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

opts="-XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto"
# Commands that read metadata run briefly: the quick C1 compiler alone serves them best. Commands that
# hash or copy model bytes (register, verify, pull, export, and check, promote, canary, rollback and
# attach, which re-hash every blob of the version, and scan) need the optimising C2 compiler, whose
# SHA-256 intrinsic is what makes hashing fast; later C2 thresholds keep it to the hot loops, so its
# compiler threads do not take the cores from the hashing threads while the command starts.
quick=1
for arg in "$@"; do
  case $arg in
    -*) ;;
    register|verify|pull|export|check|promote|canary|rollback|attach|scan) quick=0; break ;;
    *) break ;;
  esac
done
if [ "$quick" = 1 ]; then
  opts="$opts -XX:TieredStopAtLevel=1"
else
  opts="$opts -XX:Tier3InvocationThreshold=2000 -XX:Tier4InvocationThreshold=100000 -XX:Tier4CompileThreshold=100000 -XX:Tier4BackEdgeThreshold=400000"
fi

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

# No archive yet: train one in the background (once; a stale lock is cleared after ten minutes).
lock=$archive.lock
find "$lock" -maxdepth 0 -mmin +10 -exec rmdir {} \; 2>/dev/null
if mkdir "$lock" 2>/dev/null; then
  (
    tmp=$archive.$$.tmp
    # at the lowest priority, so that it never slows the command that started it (or the next ones)
    nice=$(command -v nice 2>/dev/null) && nice="$nice -n 19"
    $nice "$java" $opts $quiet "$make=$tmp" -Dairisk.cds.training=true -jar "$self" >/dev/null 2>&1 </dev/null \
      && [ -s "$tmp" ] && mv -f "$tmp" "$archive"
    rm -f "$tmp" "$tmp.config"
    rmdir "$lock"
  ) >/dev/null 2>&1 </dev/null &
fi
plain "$@"
