#!/usr/bin/env bash
# Start a PulseAudio sound server with a null sink, so playback and capture work on a machine with
# no sound card (and in CI). Safe to run again: whatever already runs is kept.
#
#   scripts/start-pulse.sh          start (or check) the server; exit 0 when ready
#   SINK=trainer_sink RATE=16000    the sink's name and rate (defaults shown)
#
# What it does: starts `pulseaudio -D` with the native protocol and a mono null sink, makes the sink
# the default output and its monitor the default input, keeps one `parec` client on the monitor
# (an idle sink otherwise delays the first capture by 0.6–1.9 s), and waits until both are ready.
set -euo pipefail

SINK="${SINK:-trainer_sink}"
RATE="${RATE:-16000}"
LOG="${PULSE_LOG:-${TMPDIR:-/tmp}/hotline-pulse.log}"

for tool in pulseaudio pactl parec; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "缺少 $tool：请安装 pulseaudio pulseaudio-utils（apt-get install pulseaudio pulseaudio-utils libportaudio2）" >&2
    exit 1
  fi
done

server_up() { pactl info >/dev/null 2>&1; }
sink_up() { pactl list short sinks 2>/dev/null | awk '{print $2}' | grep -qx "$SINK"; }

if ! server_up; then
  pulseaudio -D -n --exit-idle-time=-1 --disallow-exit \
    --load=module-native-protocol-unix \
    --load="module-null-sink sink_name=$SINK rate=$RATE channels=1" >>"$LOG" 2>&1 || true
  for _ in $(seq 1 50); do server_up && break; sleep 0.1; done
  if ! server_up; then
    echo "PulseAudio 没有启动（日志：$LOG）" >&2
    exit 1
  fi
fi

if ! sink_up; then
  pactl load-module module-null-sink "sink_name=$SINK" "rate=$RATE" channels=1 >/dev/null
fi
pactl set-default-sink "$SINK"
pactl set-default-source "$SINK.monitor"

# One recording client on the monitor keeps the sink running (no wake-up delay on the first capture).
if ! pgrep -f "parec -d $SINK.monitor" >/dev/null 2>&1; then
  nohup parec -d "$SINK.monitor" >/dev/null 2>>"$LOG" &
  disown || true
  sleep 2
fi

for _ in $(seq 1 50); do
  if sink_up && pactl list short sources 2>/dev/null | awk '{print $2}' | grep -qx "$SINK.monitor"; then
    echo "PulseAudio 已就绪：默认输出 $SINK，默认输入 $SINK.monitor"
    exit 0
  fi
  sleep 0.1
done
echo "PulseAudio 已启动，但找不到 $SINK（日志：$LOG）" >&2
exit 1
