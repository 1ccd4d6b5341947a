#!/usr/bin/env bash
# Screenshots of hashiya as a new user sees it: the demo corpus (assets/demo)
# side by side in xterm under Xvfb, DejaVu Sans Mono, on a white and on a
# black background, with annotations in both languages on screen.
#
#   tools/screenshots.sh [OUT_DIR]     (default: assets)
#
# Writes OUT_DIR/screenshot-light.png and screenshot-dark.png (xterm with
# TERM=xterm-256color) and screenshot-light-8.png and screenshot-dark-8.png
# (TERM=xterm, which terminfo gives 8 colors). The theme is not named: hashiya
# asks xterm for its background (OSC 11), as it does for any user.
#
# Needs (Debian): xvfb xterm x11-utils imagemagick fonts-dejavu-core tmux. The
# annotations are made through tmux with keys, like a user would, on a copy
# of the demo corpus; the repository's copy is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-assets}
mkdir -p "$out"
for tool in Xvfb xterm xwininfo import tmux; do
  command -v "$tool" >/dev/null || {
    echo "screenshots: $tool is missing (apt-get install xvfb xterm x11-utils imagemagick tmux fonts-dejavu-core)" >&2
    exit 1
  }
done
fc-list | grep "DejaVu Sans Mono" >/dev/null || {
  echo "screenshots: DejaVu Sans Mono is missing (apt-get install fonts-dejavu-core)" >&2
  exit 1
}

cargo build --release --quiet
bin=$PWD/target/release/hashiya
work=$(mktemp -d)
trap 'tmux -L hashiya-shots kill-server 2>/dev/null || true; kill "${xvfb:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
cp assets/demo/harbour-ar.txt assets/demo/harbour-en.txt assets/demo/hashiya.toml "$work/"
mkdir -p "$work/config"

# Annotate, as a user would: a search selects what it finds, a key tags it.
# In each language a figure, a claim, and an entity inside the claim.
keys() { for k in "$@"; do tmux -L hashiya-shots send-keys -t s "$k"; sleep 0.15; done; }
tag() { # TEXT KEYS...: search TEXT (it is selected), then the keys that tag it
  keys /; tmux -L hashiya-shots send-keys -t s -l "$1"; sleep 0.2; keys Enter; shift; keys "$@"; sleep 0.3
}
tmux -L hashiya-shots new-session -d -s s -x 160 -y 40 \
  "env XDG_CONFIG_HOME=$work/config USER=demo $bin $work/harbour-ar.txt $work/harbour-en.txt"
sleep 1.5
# The English pane is active (left).
tag "1,250" f
tag "Port director Samer al-Khoury told journalists" c
tag "Samer al-Khoury" e 1
tag "the return of the ships means the return of life to the city" c
keys Tab # the Arabic pane
tag "1,250" f
tag "مدير الميناء سامر الخوري" c
tag "سامر الخوري" e 1
tag "عودة السفن تعني عودة الحياة إلى المدينة" c
keys q
sleep 1
ls "$work"/*.ann.toml >/dev/null

shoot() { # NAME TERM BG FG
  local name=$1 term=$2 bg=$3 fg=$4 disp=:57
  # A copy per shot: the one before may still hold its documents' locks.
  local docs=$work/$name
  mkdir "$docs"
  cp "$work"/*.txt "$work"/*.toml "$docs/"
  Xvfb "$disp" -screen 0 1600x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  sleep 1
  DISPLAY=$disp xterm -title hashiya -geometry 160x40+0+0 -fa "DejaVu Sans Mono" -fs 10 \
    -bg "$bg" -fg "$fg" -tn "$term" \
    -e env -u COLORTERM -u COLORFGBG -u NO_COLOR XDG_CONFIG_HOME="$work/config" USER=demo \
    "$bin" "$docs/harbour-ar.txt" "$docs/harbour-en.txt" &
  local xt=$!
  sleep 3
  local id
  id=$(xwininfo -display "$disp" -name hashiya | awk '/Window id:/ {print $4}')
  import -display "$disp" -window "$id" "$out/screenshot-$name.png"
  kill "$xt" 2>/dev/null || true
  wait "$xt" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  wait "$xvfb" 2>/dev/null || true
  echo "wrote $out/screenshot-$name.png"
}

shoot light xterm-256color white black
shoot dark xterm-256color black "#d0d0d0"
shoot light-8 xterm white black
shoot dark-8 xterm black "#d0d0d0"
