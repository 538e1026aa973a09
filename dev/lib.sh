# Shared helpers for dev/* scripts: source it, then call the functions you need.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The major version of a java binary, or 0.
java_major() {
  local version
  version=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  echo "${version%%.*}" | tr -dc '0-9' || echo 0
}

# Exports JAVA_HOME for a JDK >= 21: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm,
# else `java` on PATH. The default java on these machines is 17, which cannot build Atende.
use_jdk() {
  local candidate best="" best_major=0 major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "No JDK >= 21 found (looked at \$JAVA_HOME, /usr/lib/jvm, /opt/java and PATH)." >&2
    echo "Install one (e.g. a Temurin 21+ package) and run again." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven's own Guava uses sun.misc.Unsafe; newer JDKs warn about it on every run.
  if [ "$best_major" -ge 24 ]; then export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"; fi
}

# Installs the pinned npm tools under dev/ when they are missing or stale.
use_node_tools() {
  command -v node >/dev/null || { echo "Node.js 20+ is required (for the Firestore emulator)." >&2; return 1; }
  local dir
  for dir in "$ROOT/dev" "$ROOT/dev/terraform-check"; do
    [ -f "$dir/package-lock.json" ] || continue
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || return 1
    fi
  done
}

# Builds the modules (no tests) and writes the local stack's classpath to local/target/classpath.txt.
build_local_stack() {
  (cd "$ROOT" && mvn -q -B -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime) || return 1
}

local_stack_classpath() {
  echo "$ROOT/local/target/classes:$(cat "$ROOT/local/target/classpath.txt")"
}
