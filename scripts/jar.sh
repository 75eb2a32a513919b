# Sourced by the scripts that run the packaged CLI: sets $root, $jar, $lib and $java, and builds the
# jar as the launcher does, when it is missing or older than the sources. $1 names the caller in the
# progress line.
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)
jar="$root/infra/cli/target/rollbook.jar"
lib="$root/infra/cli/target/lib"

if [ ! -f "$jar" ] || [ ! -d "$lib/broker" ] \
   || [ -n "$(find "$root"/*/src/main "$root"/infra/*/src/main "$root"/pom.xml "$root"/*/pom.xml "$root"/infra/*/pom.xml -newer "$jar" -print -quit)" ]; then
  echo "$1: building (./mvnw -B -q -DskipTests package -pl infra/cli -am)..." >&2
  (cd "$root" && ./mvnw -B -q -DskipTests package -pl infra/cli -am) >&2
fi

java=java
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java="$JAVA_HOME/bin/java"
fi
