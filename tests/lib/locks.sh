# shellcheck shell=bash
# Watching the state's flock from a test (docs/state.md, Locking).
# lock_held PID MODE: whether PID holds a flock of MODE (READ, WRITE)
lock_held() { awk -v p="$1" -v m="$2" '$2 == "FLOCK" && $4 == m && $5 == p { f = 1 } END { exit !f }' /proc/locks; }
# lock_waits PID MODE: whether PID waits for a flock of MODE
lock_waits() { awk -v p="$1" -v m="$2" '$2 == "->" && $3 == "FLOCK" && $5 == m && $6 == p { f = 1 } END { exit !f }' /proc/locks; }
# stopped PID: whether the process is stopped (state T in /proc/PID/stat)
stopped() { [ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)" = T ]; }
# until_ok CMD...: CMD succeeds within 10 s (checked every 20 ms)
until_ok() { for _ in $(seq 500); do "$@" && return 0; sleep 0.02; done; return 1; }
