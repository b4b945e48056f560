#!/usr/bin/env bash
# bench-matrix.sh: throughput, latency and memory of `storybot http` under
# load from Slack-signed slash commands, as a Markdown table on stdout.
#
# Usage:
#   scripts/bench-matrix.sh [STORYBOT_BINARY] > bench.md
#
# Without a binary it builds one (go build -o /tmp/storybot ./cmd/storybot).
# It then:
#   1. builds cmd/loadgen, cmd/loadgen/slackstub (and cmd/gencorpus) into a
#      temporary folder;
#   2. makes a synthetic corpus of $STORIES stories and questions about them
#      with gencorpus, unless CORPUS names a corpus folder to serve;
#   3. starts slackstub, a loopback stand-in for Slack's Web API and for
#      response_url: storybot calls auth.test before it serves, and exits
#      if that fails, so SLACK_API_URL cannot point at a closed port;
#   4. starts `BINARY http` on a free loopback port, in the temporary folder
#      (so no .env is picked up), with
#        SLACK_SIGNING_SECRET=bench-secret SLACK_BOT_TOKEN=xoxb-bench
#        SLACK_API_URL=<slackstub>/api/ STORYBOT_RATE_LIMIT=0 PORT=<port>
#        STORYBOT_CORPUS=<corpus>
#      (nothing is ever sent to Slack);
#   5. waits for GET /healthz to answer 200 (at most $READY_TIMEOUT seconds),
#      and reads the idle RSS (VmRSS in /proc/PID/status);
#   6. for each concurrency in $CONCURRENCY runs loadgen for $DURATION,
#      sampling VmRSS every 0.2 s; the peak is the larger of the samples and
#      VmHWM, which is reset before each run through /proc/PID/clear_refs
#      when the kernel allows it (otherwise VmHWM would include indexing);
#   7. stops the server (SIGTERM, then SIGKILL after 10 s) and prints the
#      table, and how many Slack calls the bot made (slackstub's count).
#
# Settings (environment):
#   DURATION=20s        load per concurrency level
#   CONCURRENCY="1 32"  concurrency levels, one row each
#   KIND=slash          loadgen -kind: slash, event or mixed
#   WARMUP=2s           unreported load before the first row (0: none)
#   STORIES=2000 SEED=1 size and seed of the synthetic corpus
#   CORPUS=DIR          serve this corpus instead (questions: QUESTIONS, or
#                       loadgen's built-in ones)
#   QUESTIONS=FILE      questions to ask, one per line
#   READY_TIMEOUT=300   seconds to wait for /healthz (indexing takes a while)
#   BENCH_SLACK_API_URL=URL  use this Web API instead of slackstub (it must answer
#                       auth.test, or storybot will not start)
#   KEEP=1              keep the temporary folder (server log, loadgen JSON)
#
# Needs bash, go, Linux /proc, and curl (or bash's /dev/tcp) for /healthz.
# Progress goes to stderr; a failed server start prints the end of its log.
# To try the script without storybot, use the stand-in server:
#   go build -o /tmp/fakebot ./cmd/loadgen/testdata/fakebot
#   DURATION=3s scripts/bench-matrix.sh /tmp/fakebot
set -euo pipefail

DURATION=${DURATION:-20s}
CONCURRENCY=${CONCURRENCY:-"1 32"}
KIND=${KIND:-slash}
WARMUP=${WARMUP:-2s}
STORIES=${STORIES:-2000}
SEED=${SEED:-1}
READY_TIMEOUT=${READY_TIMEOUT:-300}
SECRET=bench-secret

log() { printf 'bench-matrix: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# Paths given by the user are relative to where they ran the script.
abspath() { if [[ $1 == /* ]]; then echo "$1"; else echo "$PWD/$1"; fi; }
bin=${1:-}
[[ -z $bin ]] || bin=$(abspath "$bin")
[[ -z ${CORPUS:-} ]] || CORPUS=$(abspath "$CORPUS")
[[ -z ${QUESTIONS:-} ]] || QUESTIONS=$(abspath "$QUESTIONS")

cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-matrix.XXXXXX")
pid=""
sampler=""
stub_pid=""

cleanup() {
	local status=$?
	[[ -n $sampler ]] && kill "$sampler" 2>/dev/null || true
	stop_server
	if [[ -n $stub_pid ]]; then
		kill -TERM "$stub_pid" 2>/dev/null || true
		wait "$stub_pid" 2>/dev/null || true
	fi
	if [[ ${KEEP:-} == 1 || $status != 0 ]]; then
		log "files kept in $work"
	else
		rm -rf "$work"
	fi
	exit "$status"
}

stop_server() {
	[[ -n $pid ]] || return 0
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		if kill -0 "$pid" 2>/dev/null; then
			log "storybot did not stop within 10s of SIGTERM; killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
	fi
	wait "$pid" 2>/dev/null || true
	pid=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# status_kb FIELD prints a /proc/PID/status field of the server in kB.
status_kb() {
	local key value _
	while read -r key value _; do
		if [[ $key == "$1:" ]]; then
			echo "$value"
			return
		fi
	done <"/proc/$pid/status"
	echo 0
}

mib() { printf '%d.%d' $(($1 / 1024)) $((($1 % 1024) * 10 / 1024)); }

# jnum KEY FILE picks a number out of loadgen's flat JSON report.
jnum() {
	local v
	v=$(grep -o "\"$1\":[-0-9.eE+]*" "$2" | head -n 1) || true
	echo "${v#*:}"
}

http_status() {
	if command -v curl >/dev/null; then
		curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1$2" || true
		return
	fi
	local _ code=""
	if exec 3<>"/dev/tcp/127.0.0.1/$1"; then
		printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
		read -r -t 2 _ code _ <&3 || true
		exec 3>&-
	fi 2>/dev/null
	echo "$code"
}

# free_port finds a loopback port nothing listens on. Another process may
# take it before the server does; then the server fails to start, visibly.
free_port() {
	local p
	for _ in $(seq 100); do
		p=$((20000 + RANDOM % 30000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	die "no free port found"
}

# Build.
if [[ -z $bin ]]; then
	log "building storybot"
	go build -o /tmp/storybot ./cmd/storybot
	bin=/tmp/storybot
fi
[[ -f $bin && -x $bin ]] || die "$bin is not an executable"
go build -o "$work/loadgen" ./cmd/loadgen
go build -o "$work/slackstub" ./cmd/loadgen/slackstub

# Corpus and questions.
questions=${QUESTIONS:-}
if [[ -n ${CORPUS:-} ]]; then
	[[ -d $CORPUS ]] || die "CORPUS=$CORPUS is not a folder"
	corpus=$CORPUS
	stories=$(find "$corpus" -maxdepth 1 -type f | wc -l)
else
	log "generating $STORIES stories (seed $SEED)"
	go build -o "$work/gencorpus" ./cmd/gencorpus
	corpus=$work/corpus
	[[ -n $questions ]] || questions=$work/questions.txt
	"$work/gencorpus" -stories "$STORIES" -seed "$SEED" -out "$corpus" -questions "$work/questions.txt" >&2
	stories=$STORIES
fi
[[ -z $questions || -f $questions ]] || die "QUESTIONS=$questions is not a file"

# Start the Slack stand-in; it prints its base URL once it listens.
"$work/slackstub" >"$work/slackstub.url" 2>"$work/slackstub.log" &
stub_pid=$!
stub=""
for _ in $(seq 50); do
	read -r stub <"$work/slackstub.url" || true
	[[ -n $stub ]] && break
	kill -0 "$stub_pid" 2>/dev/null || { cat "$work/slackstub.log" >&2; die "slackstub did not start"; }
	sleep 0.1
done
[[ -n $stub ]] || die "slackstub did not say where it listens"
api_url=${BENCH_SLACK_API_URL:-${stub}api/}

# Start the server.
port=$(free_port)
log "starting $bin http on 127.0.0.1:$port"
started=$SECONDS
(
	cd "$work"
	exec env -u SLACK_APP_TOKEN \
		SLACK_SIGNING_SECRET=$SECRET SLACK_BOT_TOKEN=xoxb-bench \
		SLACK_API_URL="$api_url" STORYBOT_RATE_LIMIT=0 \
		PORT="$port" STORYBOT_CORPUS="$corpus" "$bin" http
) >"$work/server.log" 2>&1 &
pid=$!

until [[ $(http_status "$port" /healthz) == 200 ]]; do
	if ! kill -0 "$pid" 2>/dev/null; then
		tail -n 20 "$work/server.log" >&2 || true
		die "storybot exited before /healthz answered"
	fi
	((SECONDS - started < READY_TIMEOUT)) || die "/healthz did not answer 200 within ${READY_TIMEOUT}s"
	sleep 0.2
done
ready=$((SECONDS - started))
sleep 1 # let start-up garbage be collected before measuring idle memory
rss_idle=$(status_kb VmRSS)
log "ready after ${ready}s, idle RSS $(mib "$rss_idle") MiB"

# loadgen C DURATION OUT runs one load; loadgen exits 1 when some requests
# failed, which the table shows, so only a missing report is fatal.
loadgen() {
	local args=(-url "http://127.0.0.1:$port/slack/events" -secret "$SECRET" -kind "$KIND"
		-c "$1" -n 0 -d "$2" -json -response-url "${stub}response/T0BENCH01")
	[[ -z $questions ]] || args+=(-questions "$questions")
	"$work/loadgen" "${args[@]}" >"$3" 2>"$3.err" || true
	[[ -s $3 ]] || { cat "$3.err" >&2; die "loadgen printed no report"; }
}

if [[ $WARMUP != 0 && $WARMUP != 0s ]]; then
	log "warming up for $WARMUP"
	loadgen 8 "$WARMUP" "$work/warmup.json"
fi

rows=()
hwm_note=""
for c in $CONCURRENCY; do
	kill -0 "$pid" 2>/dev/null || die "storybot is no longer running"
	reset=0
	if echo 5 2>/dev/null >"/proc/$pid/clear_refs"; then
		reset=1
	else
		hwm_note="VmHWM could not be reset, so RSS peak is the highest 0.2 s sample only."
	fi
	echo 0 >"$work/peak"
	(
		max=0
		while kill -0 "$pid" 2>/dev/null; do
			v=$(status_kb VmRSS)
			if ((v > max)); then
				max=$v
				echo "$max" >"$work/peak"
			fi
			sleep 0.2
		done
	) &
	sampler=$!
	log "load: $KIND at -c $c for $DURATION"
	out=$work/load-c$c.json
	loadgen "$c" "$DURATION" "$out"
	kill "$sampler" 2>/dev/null || true
	wait "$sampler" 2>/dev/null || true
	sampler=""
	kill -0 "$pid" 2>/dev/null || die "storybot died under load at -c $c (see $work/server.log)"
	peak=$(<"$work/peak")
	if ((reset)); then
		hwm=$(status_kb VmHWM)
		((hwm > peak)) && peak=$hwm
	fi
	rows+=("| $c | $(jnum requests "$out") | $(jnum rps "$out") | $(jnum p50_ms "$out") | $(jnum p90_ms "$out") | $(jnum p99_ms "$out") | $(jnum max_ms "$out") | $(jnum errors "$out") | $(mib "$rss_idle") | $(mib "$peak") |")
	log "done: $(jnum rps "$out") req/s, p99 $(jnum p99_ms "$out") ms, $(jnum errors "$out") errors"
done
stop_server
calls=""
if command -v curl >/dev/null; then
	calls=$(curl -s --max-time 2 "${stub}stats" || true)
fi

cat <<EOF
## storybot http under load

$(date -u '+%Y-%m-%d %H:%M UTC'), $(basename "$bin") on $(nproc) CPUs, corpus of ${stories} stories, ready after ${ready}s; each row is $DURATION of \`loadgen -kind $KIND\` over loopback.

| concurrency | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | RSS idle MiB | RSS peak MiB |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$(printf '%s\n' "${rows[@]}")

Latency is per request, until the whole answer is read. Errors are transport failures and unexpected statuses. loadgen shares the machine's CPUs with the server. ${hwm_note}
${calls:+Slack calls the bot made (to slackstub, warm-up included): \`$calls\`}
EOF
