#!/usr/bin/env bash
# smoke.sh - end-to-end tests for berth-shim.  Needs root, busybox (static)
# and python3 (attach client).  Usage: bash test/smoke.sh [cycles]
set -u
HERE=$(cd "$(dirname "$0")/.." && pwd)
SHIM=$HERE/build/berth-shim
CYCLES=${1:-100}
[ "$(id -u)" = 0 ] || { echo "smoke: needs root"; exit 1; }
make -s -C "$HERE" >/dev/null || { echo "smoke: build failed"; exit 1; }
BB=$(command -v busybox) || { echo "smoke: apt-get install -y busybox-static"; exit 1; }

T=$(mktemp -d /tmp/berth-smoke.XXXXXX)
chmod 755 "$T" # the user-namespace root (host uid 100000) must reach the rootfs
ROOT=$T/rootfs
mkdir -p "$ROOT"/{bin,proc,sys,dev,tmp,etc,data}
cp "$BB" "$ROOT/bin/busybox"
chroot "$ROOT" /bin/busybox --install -s /bin
echo "hello from host" >"$T/hostfile"
chown -R 100000:100000 "$ROOT/tmp"

FAILS=0
pass() { echo "ok   - $1"; }
fail() { echo "FAIL - $1"; FAILS=$((FAILS + 1)); }
check() { if eval "$2"; then pass "$1"; else fail "$1"; [ -n "${3:-}" ] && echo "       $3"; fi; }

# plan <name> <extra directive lines> <shell command>
plan() {
	local name=$1 extra=$2 cmd=$3
	{
		printf 'berth-plan\t1\nid\t%s\nstate_dir\t%s\nrootfs\t%s\n' "$name" "$T/$name" "$ROOT"
		printf 'namespace\tmount\nnamespace\tpid\nnamespace\tnetwork\nnamespace\tuts\nnamespace\tipc\nnamespace\tcgroup\n'
		printf 'hostname\tbox\nenv\tPATH=/bin\n'
		[ -n "$extra" ] && printf '%b\n' "$extra"
		printf 'arg\t/bin/sh\narg\t-c\narg\t%s\n' "$(printf '%s' "$cmd" | sed 's/\\/\\\\/g')"
	} >"$T/$name.plan"
}
wait_exit() { # wait_exit <name> [seconds]
	local i
	for ((i = 0; i < ${2:-10} * 100; i++)); do
		[ -e "$T/$1/exit.json" ] && return 0
		sleep 0.01
	done
	return 1
}
logtext() { # logtext <name> [stream]: the "log" fields, unescaped exactly
	python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if sys.argv[2] in ("", r["stream"]): print(r["log"], end="")' "$T/$1/container.log" "${2:-}"
}
run() { # run <name> <extra> <cmd>: create, start, wait
	plan "$1" "$2" "$3"
	"$SHIM" create "$T/$1.plan" || { fail "$1: create"; return 1; }
	"$SHIM" start "$T/$1" || { fail "$1: start"; return 1; }
	wait_exit "$1" 20 || { fail "$1: did not exit"; return 1; }
}
exitcode() { sed -n 's/.*"exitCode":\([0-9]*\).*/\1/p' "$T/$1/exit.json"; }
gone() { # gone <pid>: exited (a zombie awaiting its reaper counts as gone)
	local i
	for ((i = 0; i < 100; i++)); do
		[ -e /proc/$1 ] || return 0
		[ "$(awk '{print $3}' /proc/$1/stat 2>/dev/null)" = Z ] && return 0
		sleep 0.01
	done
	return 1
}

MI_BEFORE=$(cat /proc/self/mountinfo)
live_shims() { ps -eo stat=,comm= | awk '$2 == "berth-shim" && $1 !~ /^Z/' | wc -l; }
SHIMS_BEFORE=$(live_shims)

echo "# basics"
run basic "" 'echo pid=$$; hostname; ls /sys/class/net; ps -o pid | tail -n +2 | sort -n | tail -1; exit 3'
out=$(logtext basic)
check "command is PID 1" '[[ "$out" == *"pid=1"* ]]' "$out"
check "hostname set" 'grep -qx box <<<"$out"'
check "only lo in the network namespace" '[ "$(sed -n 3p <<<"$out")" = lo ]' "$out"
check "ps shows no host pids" '[ "$(sed -n 4p <<<"$out")" -lt 10 ]' "$out"
check "exit 3 -> exitCode 3" '[ "$(exitcode basic)" = 3 ]' "$(cat "$T/basic/exit.json")"
check "exit.json format" 'grep -Eq "^\{\"exitCode\":3,\"signal\":null,\"oomKilled\":false,\"finishedAt\":\"[0-9T:.-]+Z\"\}$" "$T/basic/exit.json"'
check "shim exited, socket removed" 'gone "$(cat "$T/basic/shim.pid")" && [ ! -e "$T/basic/attach.sock" ]'
check "start on a stopped container fails with ENOENT" '"$SHIM" start "$T/basic" 2>&1 | grep -q "^berth: ENOENT: "'

echo "# stdout/stderr and log format"
run streams "" 'echo out; echo err >&2; printf "tab\there \"q\"\\n"; printf partial'
check "stdout and stderr records" 'grep -q "\"stream\":\"stdout\",\"log\":\"out\\\\n\"" "$T/streams/container.log" && grep -q "\"stream\":\"stderr\",\"log\":\"err\\\\n\"" "$T/streams/container.log"' "$(cat "$T/streams/container.log")"
check "json escaping round-trips" '[ "$(logtext streams stdout | sed -n 2p)" = "$(printf "tab\there \"q\"")" ]' "$(logtext streams)"
check "partial last line flushed" '[ "$(logtext streams | tail -c 7)" = partial ]'

echo "# kill"
plan killme "" 'sleep 100'
"$SHIM" create "$T/killme.plan" && "$SHIM" start "$T/killme"
sleep 0.2
kill -9 "$(cat "$T/killme/init.pid")"
wait_exit killme
check "kill -9 -> 137 + SIGKILL" 'grep -q "\"exitCode\":137,\"signal\":\"SIGKILL\"" "$T/killme/exit.json"' "$(cat "$T/killme/exit.json" 2>&1)"
plan killcmd "" 'trap "exit 42" TERM; while :; do sleep 0.1; done'
"$SHIM" create "$T/killcmd.plan" && "$SHIM" start "$T/killcmd"
sleep 0.3
"$SHIM" kill "$T/killcmd" TERM
wait_exit killcmd
check "berth-shim kill TERM -> trap exit 42" '[ "$(exitcode killcmd)" = 42 ]'

echo "# init"
run withinit 'init\t1' '(sleep 0.2 &); echo me=$$; sleep 1; grep -l "^[0-9]* ([^)]*) Z" /proc/[0-9]*/stat | wc -l; exit 5'
out=$(logtext withinit)
check "with init the command is not PID 1" '[[ "$out" == *"me=2"* ]]' "$out"
check "orphaned zombie reaped by init" '[ "$(sed -n 2p <<<"$out")" = 0 ]' "$out"
check "init exits with the command status" '[ "$(exitcode withinit)" = 5 ]'
plan initsig 'init\t1' 'trap "exit 9" TERM; while :; do sleep 0.1; done'
"$SHIM" create "$T/initsig.plan" && "$SHIM" start "$T/initsig"
sleep 0.3
kill -TERM "$(cat "$T/initsig/init.pid")"
wait_exit initsig
check "init forwards SIGTERM" '[ "$(exitcode initsig)" = 9 ]' "$(cat "$T/initsig/exit.json" 2>&1)"

echo "# exec"
plan execme "" 'sleep 30'
"$SHIM" create "$T/execme.plan" && "$SHIM" start "$T/execme"
sleep 0.2
IPID=$(cat "$T/execme/init.pid")
printf 'berth-plan\t1\nenv\tPATH=/bin\narg\t/bin/sh\narg\t-c\narg\thostname; echo $$; ls /proc | grep -c "^[0-9]"; exit 7\n' >"$T/exec.plan"
out=$("$SHIM" exec "$T/exec.plan" "$IPID")
rc=$?
check "exec sees the container hostname" '[ "$(sed -n 1p <<<"$out")" = box ]' "$out"
check "exec runs in the container pid namespace" '[ "$(sed -n 2p <<<"$out")" -lt 10 ] && [ "$(sed -n 3p <<<"$out")" -le 4 ]' "$out"
check "exec exit status" '[ $rc = 7 ]' "rc=$rc"
printf 'berth-plan\t1\nterminal\t1\narg\t/bin/sh\narg\t-c\narg\ttty; test -t 0 && echo isatty\n' >"$T/exect.plan"
out=$(echo | "$SHIM" exec "$T/exect.plan" "$IPID" | tr -d '\r')
check "exec with a terminal gets a container pty" '[[ "$out" == *"/dev/pts/"*isatty* ]]' "$out"
printf 'berth-plan\t1\nuser\t1000\t1000\narg\tid\n' >"$T/execu.plan"
out=$("$SHIM" exec "$T/execu.plan" "$IPID")
check "exec as user 1000" '[[ "$out" == "uid=1000 gid=1000"* ]]' "$out"
out=$("$SHIM" exec "$T/exec.plan" 999999 2>&1)
check "exec into a missing pid fails with berth: ENOENT" '[[ "$out" == "berth: ENOENT: "* ]]' "$out"
kill -9 "$IPID"; wait_exit execme

echo "# attach"
plan att "" 'read line; echo "got:$line"; echo oops >&2'
"$SHIM" create "$T/att.plan"
out=$(python3 - "$T/att" "$SHIM" <<'PY'
import socket, struct, subprocess, sys
d, shim = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX); s.connect(d + "/attach.sock")
subprocess.check_call([shim, "start", d])
s.sendall(b"hello\n")
s.shutdown(socket.SHUT_WR)  # half-close: output must keep flowing
buf = b""
while True:
    c = s.recv(4096)
    if not c: break
    buf += c
frames = []
while buf:
    sid, n = struct.unpack(">BI", buf[:5]); frames.append((sid, buf[5:5+n])); buf = buf[5+n:]
out = b"".join(p for s_, p in frames if s_ == 1); err = b"".join(p for s_, p in frames if s_ == 2)
print(out.decode().strip(), err.decode().strip())
PY
)
check "attach: stdin forwarded, framed stdout+stderr" '[ "$out" = "got:hello oops" ]' "$out"
wait_exit att

echo "# terminal"
run term 'terminal\t1' 'tty; test -t 1 && echo isatty; ls -l /dev/console'
out=$(logtext term | tr -d '\r')
check "terminal: /dev/pts/0 is the controlling tty" '[[ "$out" == /dev/pts/0*isatty* ]]' "$out"

echo "# user namespace"
plan userns 'namespace\tuser\nuid_map\t0\t100000\t65536\ngid_map\t0\t100000\t65536' 'id; sleep 30'
"$SHIM" create "$T/userns.plan" && "$SHIM" start "$T/userns"
sleep 0.3
UPID=$(cat "$T/userns/init.pid")
check "userns: host sees uid 100000" 'grep -Eq "^Uid:\s+100000\s" /proc/$UPID/status' "$(grep Uid /proc/$UPID/status 2>&1)"
check "userns: container sees uid 0" '[[ "$(logtext userns)" == "uid=0 gid=0"* ]]' "$(logtext userns)"
out=$("$SHIM" exec "$T/exec.plan" "$UPID")
check "userns: exec works" '[ "$(sed -n 1p <<<"$out")" = box ]' "$out"
kill -9 "$UPID"; wait_exit userns

# The rootfs is host-root owned: through the idmapped clone it shows as the
# container's root; the host's view of it must stay unchanged.
run idmap 'namespace\tuser\nuid_map\t0\t100000\t65536\ngid_map\t0\t100000\t65536\nidmap_rootfs\t1' \
	'stat -c %u:%g /bin/busybox; echo x >/etc/idmapped && stat -c %u /etc/idmapped'
out=$(logtext idmap)
check "idmap_rootfs: rootfs owned by 0 inside, writes owned by 0 on disk" \
	'[ "$out" = "$(printf "0:0\n0")" ] && [ "$(stat -c %u:%g "$ROOT/bin/busybox" "$ROOT/etc/idmapped" | sort -u)" = 0:0 ]' "$out"
rm -f "$ROOT/etc/idmapped"

echo "# mounts, readonly root, rotation"
run mnts 'mount\t/data\ttmpfs\ttmpfs\tnosuid,size=1m,mode=700\nmount\t/etc/hostfile\tbind\t'"$T"'/hostfile\tbind,ro\nreadonly_root\t1\nmasked_path\t/proc/cpuinfo\nreadonly_path\t/proc/sys' \
	'stat -c %a /data; cat /etc/hostfile; touch /x 2>/dev/null && echo rootrw; (echo x > /etc/hostfile) 2>/dev/null && echo bindrw; (echo 1 > /proc/sys/kernel/ostype) 2>/dev/null || echo sysro; wc -c < /proc/cpuinfo'
out=$(logtext mnts)
check "spec mounts, ro bind, readonly root, masked/ro paths" '[ "$out" = "$(printf "700\nhello from host\nsysro\n0")" ]' "$out"
check "rootfs has no leftover /etc/hostfile" '[ -e "$ROOT/etc/hostfile" ] && [ ! -s "$ROOT/etc/hostfile" ]'
rm -f "$ROOT/etc/hostfile"
run rot 'log_max_size\t400\nlog_max_files\t3' 'for i in $(seq 1 50); do echo line-$i; done'
check "log rotation keeps max_files files" '[ -e "$T/rot/container.log.2" ] && [ ! -e "$T/rot/container.log.3" ] && [ $(stat -c %s "$T/rot/container.log") -le 400 ] && logtext rot | grep -q line-50' "$(ls "$T/rot")"

echo "# overlay, cgroups, joining namespaces"
mkdir -p "$T/ovl/upper" "$T/ovl/work" "$T/ovl/merged"
plan ovl 'overlay\t'"$ROOT"'\t'"$T/ovl/upper"'\t'"$T/ovl/work" 'echo new > /created; cat /created'
sed -i "s|^rootfs\t.*|rootfs\t$T/ovl/merged|" "$T/ovl.plan"
"$SHIM" create "$T/ovl.plan" && "$SHIM" start "$T/ovl" && wait_exit ovl
check "overlay: writes land in upperdir, lower untouched" '[ "$(logtext ovl)" = new ] && [ -e "$T/ovl/upper/created" ] && [ ! -e "$ROOT/created" ] && [ -z "$(ls "$T/ovl/merged")" ]' "$(logtext ovl 2>&1; ls "$T/ovl/upper")"
CG_PARENT=/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" {print $3}' /proc/self/cgroup)
CG=$CG_PARENT/berth-smoke-$$
if mkdir "$CG" 2>/dev/null; then
	run cg 'cgroup_procs\t'"$CG"'/cgroup.procs\noom_control\t'"$CG"'/memory.oom_control' 'grep memory /proc/self/cgroup; sleep 0.3'
	check "cgroup_procs: container in its cgroup, cgroup ns root is that cgroup" '[ "$(logtext cg)" = "4:memory:/" ] || [[ "$(logtext cg)" == *":memory:/" ]]' "$(logtext cg)"
	check "oomKilled false from memory.oom_control" 'grep -q "\"oomKilled\":false" "$T/cg/exit.json"'
	rmdir "$CG"
else
	echo "skip - cgroup tests (cannot create $CG)"
fi
plan netholder "" 'ip addr add 10.9.8.7/32 dev lo; sleep 30'
"$SHIM" create "$T/netholder.plan" && "$SHIM" start "$T/netholder"
sleep 0.3
NPID=$(cat "$T/netholder/init.pid")
run netjoin 'namespace\tnetwork\t/proc/'"$NPID"'/ns/net' 'ip addr show lo | grep -o 10.9.8.7'
check "joining a network namespace by path" '[ "$(logtext netjoin)" = 10.9.8.7 ]' "$(logtext netjoin)"
kill -9 "$NPID"; wait_exit netholder

echo "# the caller can die"
plan detach "" 'sleep 1; echo survived'
setsid bash -c "'$SHIM' create '$T/detach.plan' && '$SHIM' start '$T/detach'; sleep 100" &
CALLER=$!
sleep 0.3
{ kill -9 -- -"$CALLER" || kill -9 "$CALLER"; wait "$CALLER"; } 2>/dev/null
wait_exit detach 5
check "container outlived its killed caller" '[ "$(exitcode detach)" = 0 ] && logtext detach | grep -q survived'

echo "# failing creates leave nothing behind"
plan bad "" 'true'
sed -i "s|^rootfs\t.*|rootfs\t$T/nope|" "$T/bad.plan"
out=$("$SHIM" create "$T/bad.plan" 2>&1); rc=$?
check "bad rootfs: exit 1 with berth: ENOENT: opening rootfs" '[ $rc = 1 ] && [ "$out" = "berth: ENOENT: opening rootfs $T/nope" ]' "rc=$rc $out"
check "bad rootfs: no state dir" '[ ! -e "$T/bad" ]'
plan badmnt 'mount\t/data\tbind\t/does/not/exist\trbind' 'true'
out=$("$SHIM" create "$T/badmnt.plan" 2>&1); rc=$?
check "bad mount: berth: ENOENT with context" '[ $rc = 1 ] && [[ "$out" == "berth: ENOENT: creating container badmnt: setting up rootfs"*"/does/not/exist"* ]]' "$out"
check "bad mount: no state dir" '[ ! -e "$T/badmnt" ]'
plan badcmd "" 'true'
sed -i 's|^arg\t/bin/sh$|arg\t/bin/nonexistent|' "$T/badcmd.plan"
out=$("$SHIM" create "$T/badcmd.plan" 2>&1); rc=$?
check "missing command fails create with ENOENT" '[ $rc = 1 ] && [[ "$out" == "berth: ENOENT: "* ]]' "$out"
check "bad plan: EINVAL names the line" '"$SHIM" create /dev/null 2>&1 | grep -q "^berth: EINVAL: "'
echo "# serve: the fork server runs create per request on fd 3"
plan srvok "" 'echo served'
# Requests overlap; replies carry the id. EOF on fd 3 ends the server.
out=$(python3 - "$SHIM" "$T/srvok.plan" "$T/badcmd.plan" <<'PY'
import os, socket, subprocess, sys
a, b = socket.socketpair()
srv = subprocess.Popen([sys.argv[1], "serve"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       close_fds=False, preexec_fn=lambda: os.dup2(b.fileno(), 3))
b.close()
a.sendall(f"ok\tcreate\t{sys.argv[2]}\nbad\tcreate\t{sys.argv[3]}\nx\tfrobnicate\n".encode())
f = a.makefile("rb")
lines = [f.readline().decode() for _ in range(4)]
a.shutdown(socket.SHUT_WR)
print("".join(sorted(lines)), end="")
print("exit", srv.wait(timeout=5))
PY
)
check "serve: ready, then a reply per request" '[ "$(echo "$out" | grep -c .)" = 5 ] && echo "$out" | grep -qx "ready"' "$out"
check "serve: create ok" 'echo "$out" | grep -qx "ok	0	"' "$out"
check "serve: create error as an escaped berth: line" 'echo "$out" | grep -q "^bad	1	berth: ENOENT: .*\\\\n$"' "$out"
check "serve: bad request: exit 2, EINVAL" 'echo "$out" | grep -q "^x	2	berth: EINVAL: bad request"' "$out"
check "serve: exits on EOF" 'echo "$out" | grep -qx "exit 0"' "$out"
"$SHIM" start "$T/srvok" && wait_exit srvok
check "serve: the created container runs" '[ "$(exitcode srvok)" = 0 ] && [ "$(logtext srvok)" = served ]'
sleep 0.2
check "no shim processes left behind" '[ "$(live_shims)" = "$SHIMS_BEFORE" ]' "$(pgrep -a -x berth-shim)"

echo "# capabilities, seccomp, sysctl, fds"
# Docker's 14 default capabilities: 0xa80425fb.
DOCKER_CAPS=00000000a80425fb
run capsroot "capabilities\t$DOCKER_CAPS\t$DOCKER_CAPS\t$DOCKER_CAPS\t0000000000000000\t0000000000000000" 'grep -E "^Cap(Bnd|Eff|Prm|Inh|Amb)" /proc/self/status | tr "\t" " "'
out=$(logtext capsroot)
check "root: bounding/effective/permitted = the 14" '[[ "$out" == *"CapBnd: $DOCKER_CAPS"* && "$out" == *"CapEff: $DOCKER_CAPS"* && "$out" == *"CapPrm: $DOCKER_CAPS"* && "$out" == *"CapInh: 0000000000000000"* ]]' "$out"
# uid 1000 keeping only NET_BIND_SERVICE (bit 10) as an ambient capability.
NBS=0000000000000400
run capsuser "user\t1000\t1000\ncapabilities\t$NBS\t$NBS\t$NBS\t$NBS\t$NBS" 'id -u; grep -E "^Cap(Bnd|Eff|Prm|Amb)" /proc/self/status | tr "\t" " "'
out=$(logtext capsuser)
check "uid 1000: ambient NET_BIND_SERVICE survives exec" '[[ "$out" == 1000* && "$out" == *"CapEff: $NBS"* && "$out" == *"CapPrm: $NBS"* && "$out" == *"CapAmb: $NBS"* && "$out" == *"CapBnd: $NBS"* ]]' "$out"
run capsnone "user\t1000\t1000\ncapabilities\t$DOCKER_CAPS\t$DOCKER_CAPS\t$DOCKER_CAPS\t0000000000000000\t0000000000000000" 'grep -E "^CapEff" /proc/self/status | tr "\t" " "'
check "uid 1000 without ambient: no effective capability after exec" '[ "$(logtext capsnone)" = "CapEff: 0000000000000000" ]' "$(logtext capsnone)"

# A filter refusing sethostname(2) with EPERM (x86_64 nr 170, aarch64 nr 161).
case $(uname -m) in x86_64) SARCH=0xc000003e SNR=170 ;; aarch64) SARCH=0xc00000b7 SNR=161 ;; *) SARCH= ;; esac
if [ -n "$SARCH" ]; then
	python3 -c 'import struct,sys
a,nr=int(sys.argv[2],16),int(sys.argv[3])
ins=[(0x20,0,0,4),(0x15,1,0,a),(0x06,0,0,0x80000000),(0x20,0,0,0),(0x15,0,1,nr),(0x06,0,0,0x00050001),(0x06,0,0,0x7fff0000)]
open(sys.argv[1],"wb").write(b"".join(struct.pack("<HBBI",*i) for i in ins))' "$T/nosethost.bpf" "$SARCH" "$SNR"
	run secnnp "no_new_privileges\t1\nseccomp\t$T/nosethost.bpf\t0" 'grep -E "^(Seccomp|NoNewPrivs):" /proc/self/status | tr "\t" " "; hostname x 2>/dev/null || echo sethostname-refused'
	out=$(logtext secnnp)
	check "seccomp with no_new_privs: mode 2, sethostname refused" '[[ "$out" == *"NoNewPrivs: 1"* && "$out" == *"Seccomp: 2"* && "$out" == *sethostname-refused* ]]' "$out"
	run secpriv "seccomp\t$T/nosethost.bpf\t0\ncapabilities\t$DOCKER_CAPS\t$DOCKER_CAPS\t$DOCKER_CAPS\t0000000000000000\t0000000000000000" 'grep -E "^(Seccomp|NoNewPrivs|CapEff):" /proc/self/status | tr "\t" " "; hostname x 2>/dev/null || echo sethostname-refused'
	out=$(logtext secpriv)
	check "seccomp without no_new_privs: loaded before the caps drop" '[[ "$out" == *"NoNewPrivs: 0"* && "$out" == *"Seccomp: 2"* && "$out" == *sethostname-refused* && "$out" == *"CapEff: $DOCKER_CAPS"* ]]' "$out"
	run secinit "init\t1\nno_new_privileges\t1\nseccomp\t$T/nosethost.bpf\t0" 'grep Seccomp: /proc/1/status | tr "\t" " "; hostname x 2>/dev/null || echo sethostname-refused'
	out=$(logtext secinit)
	check "seccomp with init: init and command filtered" '[[ "$out" == *"Seccomp: 2"* && "$out" == *sethostname-refused* ]]' "$out"
	printf 'x' >"$T/bad.bpf"
	plan secbad "seccomp\t$T/bad.bpf\t0" 'true'
	out=$("$SHIM" create "$T/secbad.plan" 2>&1)
	check "a malformed filter fails create with EINVAL" '[[ "$out" == *"berth: EINVAL: "*"seccomp filter"* ]] && [ ! -e "$T/secbad/shim.pid" ]' "$out"
fi

run sysctl "sysctl\t/proc/sys/net/ipv4/ip_forward\t1\nreadonly_path\t/proc/sys" 'cat /proc/sys/net/ipv4/ip_forward; (echo 0 >/proc/sys/net/ipv4/ip_forward) 2>/dev/null && echo writable || echo readonly'
out=$(logtext sysctl)
check "sysctl written before /proc/sys turns read-only" '[ "$out" = "$(printf "1\nreadonly")" ]' "$out"
plan sysbad "" 'true'
printf 'sysctl\t/proc/sys/../../etc/x\t1\n' >>"$T/sysbad.plan"
check "sysctl path outside /proc/sys refused" '"$SHIM" create "$T/sysbad.plan" 2>&1 | grep -q "^berth: EINVAL: .*sysctl"'

exec 7</etc/hostname
run fds "" 'ls /proc/self/fd | tr "\n" " "'
check "create: only 0 1 2 (+ ls own dir fd 3) at start" '[ "$(logtext fds)" = "0 1 2 3 " ]' "$(logtext fds)"
plan fdexec "" 'sleep 30'
"$SHIM" create "$T/fdexec.plan" && "$SHIM" start "$T/fdexec"
printf 'berth-plan\t1\narg\t/bin/sh\narg\t-c\narg\tls /proc/self/fd | tr "\\n" " "\n' >"$T/fdexec-x.plan"
out=$("$SHIM" exec "$T/fdexec-x.plan" "$(cat "$T/fdexec/init.pid")" 8</etc/hostname)
check "exec: the caller's fds 7 and 8 do not cross" '[ "$out" = "0 1 2 3 " ]' "$out"
printf 'berth-plan\t1\nno_new_privileges\t1\ncapabilities\t%s\t%s\t%s\t0000000000000000\t0000000000000000\n%s\narg\t/bin/sh\narg\t-c\narg\tgrep -E "^(CapBnd|Seccomp):" /proc/self/status | tr "\\t" " "; hostname x 2>/dev/null || echo sethostname-refused\n' \
	$DOCKER_CAPS $DOCKER_CAPS $DOCKER_CAPS "$([ -n "$SARCH" ] && printf 'seccomp\t%s\t0\n' "$T/nosethost.bpf")" >"$T/fdexec-s.plan"
out=$("$SHIM" exec "$T/fdexec-s.plan" "$(cat "$T/fdexec/init.pid")")
check "exec: capabilities and seccomp applied" '[[ "$out" == *"CapBnd: $DOCKER_CAPS"* ]] && { [ -z "$SARCH" ] || [[ "$out" == *"Seccomp: 2"*sethostname-refused* ]]; }' "$out"
exec 7<&-
kill -9 "$(cat "$T/fdexec/init.pid")"; wait_exit fdexec

echo "# $CYCLES create/start/exit cycles of /bin/true"
printf 'berth-plan\t1\nid\tcyc\nstate_dir\t%s\nrootfs\t%s\nnamespace\tmount\nnamespace\tpid\nnamespace\tnetwork\nnamespace\tuts\nnamespace\tipc\nnamespace\tcgroup\narg\t/bin/true\n' "$T/cyc" "$ROOT" >"$T/cyc.plan"
ok=0
start_ns=$(date +%s%N)
for ((i = 0; i < CYCLES; i++)); do
	rm -rf "$T/cyc"
	"$SHIM" create "$T/cyc.plan" && "$SHIM" start "$T/cyc" && wait_exit cyc && [ "$(exitcode cyc)" = 0 ] && ok=$((ok + 1))
done
end_ns=$(date +%s%N)
echo "       $CYCLES cycles in $(((end_ns - start_ns) / 1000000)) ms ($(((end_ns - start_ns) / CYCLES / 1000)) us per create+start+exit)"
check "$CYCLES cycles all exited 0" '[ $ok = $CYCLES ]' "ok=$ok"

sleep 0.2
check "host mountinfo unchanged" '[ "$(cat /proc/self/mountinfo)" = "$MI_BEFORE" ]' "$(diff <(echo "$MI_BEFORE") /proc/self/mountinfo)"

rm -rf "$T"
if [ $FAILS -ne 0 ]; then
	echo "smoke: $FAILS check(s) failed"
	exit 1
fi
echo "smoke: all checks passed"
