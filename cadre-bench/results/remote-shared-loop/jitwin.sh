#!/usr/bin/env bash
# jitwin.sh TREE WARMUPS: one Cadre ping-pong; counts JIT compilations (both JVMs) that finish during the measured round trips
T=$1; W=$2; N=${TRIPS:-20000}
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CP="$T/cadre-bench/target/classes:$(cat $T/cadre-bench/target/classpath.txt)"
OPTS="-Xms1g -Xmx1g -XX:+UseG1GC --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
rm -f /tmp/jit-*.log
SS=$(date +%s%N)
coproc SRV { exec $J $OPTS -Xlog:jit+compilation=debug:file=/tmp/jit-server.log:uptimenanos -cp "$CP" dev.cadre.bench.remote.RemoteBench --child serve cadre 2>/dev/null; }
read -r line <&${SRV[0]}; while [[ $line != READY* ]]; do read -r line <&${SRV[0]}; done
ADDR=${line#READY }
S0=$(date +%s%N)
res=$($J $OPTS -Xlog:jit+compilation=debug:file=/tmp/jit-client.log:uptimenanos -cp "$CP" dev.cadre.bench.remote.RemoteBench --child client cadre pingpong $W $N $ADDR 2>/dev/null | grep RESULT)
S1=$(date +%s%N)
kill $SRV_PID 2>/dev/null; wait $SRV_PID 2>/dev/null
echo "warmups $W: $res"
python3 - "$res" $SS $S0 $S1 <<'PY'
import sys,re
rate=float(sys.argv[1].split()[1]); dur=20000/rate
def times(fn):
    return [int(m.group(1)) for m in (re.match(r'\[(\d+)ns\]',l) for l in open(fn)) if m]
ss,s0,s1=map(int,sys.argv[2:5])
# wall-clock window of the measured round trips: the last `dur` seconds before the client exited (an upper bound on its end)
w1=s1; w0=s1-dur*1e9
for name,start in (('client',s0),('server',ss)):
    t=[start+x for x in times('/tmp/jit-%s.log'%name)]
    c2=sum(1 for l,x in zip(open('/tmp/jit-%s.log'%name),t) if w0<x<=w1 and re.match(r'\[\d+ns\]\s+\d+\s+4\s',l))
    print('  %s: %d compilations (%d at C2) end inside the measured %.2f s'%(name,sum(1 for x in t if w0<x<=w1),c2,dur))
PY
