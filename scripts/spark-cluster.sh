#!/usr/bin/env bash
# A standalone Spark cluster on this machine, from the jars adiv's build already has: one master and
# one worker on 127.0.0.1, their logs in a known directory. How to try the cluster path on one
# machine, and what CI uses.
#
#   scripts/spark-cluster.sh start     # master spark://127.0.0.1:7077, a worker with every core
#   scripts/spark-cluster.sh stop
#   scripts/spark-cluster.sh status
#
# Environment: SPARK_CLUSTER_DIR (logs, pids and the worker's work directory; default
# runs/spark-cluster), SPARK_MASTER_PORT (7077), SPARK_WORKER_CORES (nproc), SPARK_WORKER_MEMORY (4g).
# Then: ./adiv replicate ... --executor spark --master spark://127.0.0.1:7077 [--conf spark.task.cpus=N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${SPARK_CLUSTER_DIR:-$root/runs/spark-cluster}"
port="${SPARK_MASTER_PORT:-7077}"
cores="${SPARK_WORKER_CORES:-$(nproc)}"
memory="${SPARK_WORKER_MEMORY:-4g}"
master="spark://127.0.0.1:$port"

classpath() { # the Spark module's class path (Spark, Scala, adiv), built if missing
  if [ ! -f "$root/spark/target/classpath.txt" ] || [ ! -f "$root/spark/target/adiv-spark.jar" ]; then
    echo "spark-cluster: building adiv's Spark module..." >&2
    (cd "$root" && mvn -B -q -DskipTests -pl spark -am package) >&2
  fi
  echo "$root/spark/target/adiv-spark.jar:$(cat "$root/spark/target/classpath.txt")"
}

# A worker starts each executor with Spark's launcher, which finds Spark's jars in $SPARK_HOME/jars:
# a directory of links to the jars of the build's class path serves as that home.
spark_home() {
  local home="$dir/spark-home" jar
  rm -rf "$home"; mkdir -p "$home/jars" "$home/conf"
  IFS=: read -r -a jars <<< "$(classpath)"
  for jar in "${jars[@]}"; do
    case "$jar" in *.jar) ln -sf "$jar" "$home/jars/$(basename "$jar")" ;; esac
  done
  # adiv's own jars reach executors from the driver (spark.jars), not from here: keep only the others,
  # so an executor does not load two copies of adiv.
  rm -f "$home/jars/adiv.jar" "$home/jars/adiv-spark.jar"
  echo "$home"
}

running() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }

start_one() { # start_one NAME CLASS ARGS...: a daemon JVM, its output in NAME.log, its pid in NAME.pid
  local name="$1" class="$2"; shift 2
  if running "$name"; then echo "spark-cluster: the $name is already running (pid $(cat "$dir/$name.pid"))"; return; fi
  # Spark logs through adiv's slf4j-simple here: INFO, so that launching executors is in the log.
  SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 nohup java $(cat "$root/spark/target/jvm.flags") -Xmx1g \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=info -cp "$cp" "$class" "$@" > "$dir/$name.log" 2>&1 &
  echo $! > "$dir/$name.pid"
}

wait_for() { # wait_for NAME PATTERN: the log says PATTERN within 60 s, or the start failed
  local i
  for i in $(seq 1 120); do
    grep -q "$2" "$dir/$1.log" 2>/dev/null && return 0
    running "$1" || { echo "spark-cluster: the $1 ended; its log: $dir/$1.log" >&2; tail -20 "$dir/$1.log" >&2; return 1; }
    sleep 0.5
  done
  echo "spark-cluster: the $1 did not come up in 60 s; its log: $dir/$1.log" >&2
  return 1
}

case "${1:-}" in
  start)
    mkdir -p "$dir/work"
    cp="$(classpath)"
    home="$(spark_home)"
    start_one master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0
    wait_for master "Starting Spark master\|I have been elected leader\|Master: Starting"
    start_one worker org.apache.spark.deploy.worker.Worker "$master" --host 127.0.0.1 --cores "$cores" \
      --memory "$memory" --work-dir "$dir/work" --webui-port 0
    wait_for worker "Successfully registered with master"
    echo "spark-cluster: master $master and one worker ($cores cores, $memory); logs in $dir"
    ;;
  stop)
    for name in worker master; do
      if running "$name"; then kill "$(cat "$dir/$name.pid")" 2>/dev/null || true; fi
    done
    for name in worker master; do
      for _ in $(seq 1 20); do running "$name" || break; sleep 0.5; done
      if running "$name"; then kill -9 "$(cat "$dir/$name.pid")" 2>/dev/null || true; fi
      rm -f "$dir/$name.pid"
    done
    # Executors the worker started, if it could not stop them itself.
    pkill -f "CoarseGrainedExecutorBackend.*$master" 2>/dev/null || true
    echo "spark-cluster: stopped"
    ;;
  status)
    for name in master worker; do
      running "$name" && echo "$name: running (pid $(cat "$dir/$name.pid")), log $dir/$name.log" \
        || echo "$name: not running"
    done
    ;;
  *) echo "usage: scripts/spark-cluster.sh start|stop|status" >&2; exit 2 ;;
esac
