# Sourced by the scripts: where the two runnable jars are, and how to (re)build one that is missing or older
# than its sources.
#   SERVICE_JAR  service/target/audio-insight.jar        the service (java -jar)
#   TOOLS_JAR    tools/target/audio-insight-tools.jar    evaluation, corpus, load generators, engine benchmarks
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SERVICE_JAR=$ROOT/service/target/audio-insight.jar
TOOLS_JAR=$ROOT/tools/target/audio-insight-tools.jar

# ensure_jar JAR MODULE: builds MODULE (and the engine it depends on) when JAR is missing or stale.
ensure_jar() {
  local jar=$1 module=$2
  if [[ ! -f $jar || -n "$(find "$ROOT/pom.xml" "$ROOT/engine/pom.xml" "$ROOT/engine/src/main" \
      "$ROOT/$module/pom.xml" "$ROOT/$module/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]]; then
    echo "building $jar ..." >&2
    # -P tools-jar: the tools jar is shaded only on demand (a plain mvn verify does not build it)
    (cd "$ROOT" && mvn -B -q -DskipTests -P tools-jar -pl "$module" -am package)
  fi
}
