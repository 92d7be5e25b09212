#!/bin/sh
# airisk launcher. The executable jar is appended to this script: the JVM reads the zip from the end.
# Starts faster with class-data sharing: AppCDS (JDK 17-18: archive written on the first run),
# auto-created dynamic archives (JDK 19-24), or the AOT cache (JDK 25+). The archive lives under
# $AIRISK_HOME/cache/cds, keyed by this file and the Java runtime; AIRISK_CDS=0 turns it off, and
# any problem with it falls back to a plain start.
self=$0
case $self in
  */*) ;;
  *) self=$(command -v -- "$self") || { echo "airisk: error: cannot locate the launcher" >&2; exit 1; } ;;
esac

if [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java=$JAVA_HOME/bin/java
else
  java=$(command -v java) || { echo "airisk: error: no Java runtime found (install Java 17 or newer, or set JAVA_HOME)" >&2; exit 1; }
fi

opts="-XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto"

if [ "${AIRISK_CDS:-1}" = 0 ]; then
  exec "$java" $opts $AIRISK_JAVA_OPTS -jar "$self" "$@"
fi

jhome=$(dirname "$(dirname "$(readlink -f "$java" 2>/dev/null || echo "$java")")")
major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jhome/release" 2>/dev/null)
stamp=$(stat -L -c '%s.%Y' "$self" 2>/dev/null || stat -L -f '%z.%m' "$self" 2>/dev/null)
cache=${AIRISK_HOME:-$HOME/.airisk}/cache/cds
key=$(printf '%s|%s|%s' "$self" "$stamp" "$jhome" | cksum | cut -d' ' -f1)
archive=$cache/airisk-$key-jdk$major

if [ -z "$major" ] || [ -z "$stamp" ] || ! mkdir -p "$cache" 2>/dev/null || [ ! -w "$cache" ]; then
  exec "$java" $opts $AIRISK_JAVA_OPTS -jar "$self" "$@"
fi

quiet="-Xlog:disable -Xlog:all=error:stderr"
if [ "$major" -ge 25 ]; then
  if [ -f "$archive.aot" ]; then
    exec "$java" $opts $quiet -XX:AOTCache="$archive.aot" $AIRISK_JAVA_OPTS -jar "$self" "$@"
  fi
  tmp=$archive.$$.aot
  "$java" $opts $quiet -XX:AOTCacheOutput="$tmp" $AIRISK_JAVA_OPTS -jar "$self" "$@"
  rc=$?
  [ -f "$tmp" ] && mv -f "$tmp" "$archive.aot" 2>/dev/null
  rm -f "$tmp" "$tmp.config" 2>/dev/null
  exit $rc
elif [ "$major" -ge 19 ]; then
  exec "$java" $opts $quiet -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$archive.jsa" $AIRISK_JAVA_OPTS -jar "$self" "$@"
elif [ "$major" -ge 17 ]; then
  if [ -f "$archive.jsa" ]; then
    exec "$java" $opts $quiet -XX:SharedArchiveFile="$archive.jsa" $AIRISK_JAVA_OPTS -jar "$self" "$@"
  fi
  tmp=$archive.$$.jsa
  "$java" $opts $quiet -XX:ArchiveClassesAtExit="$tmp" $AIRISK_JAVA_OPTS -jar "$self" "$@"
  rc=$?
  [ -f "$tmp" ] && mv -f "$tmp" "$archive.jsa" 2>/dev/null
  rm -f "$tmp" 2>/dev/null
  exit $rc
fi
exec "$java" $opts $AIRISK_JAVA_OPTS -jar "$self" "$@"
