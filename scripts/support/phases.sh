# Timed phases for scripts/test.sh and .ci/run (sourced, not run).
#
#   phases_start "npm test" 1000     # a name for the summary and the budget of the whole, in seconds
#   phase 400 "Vitest" "unit and integration tests"   # budget in seconds, short name, optional description
#   ...
#
# `phase` ends the phase before it: each prints its duration as it ends, and a warning line when it
# went over its budget (the run goes on). On exit, passed or failed, the last phase ends (marked failed
# with the exit status) and a table of every phase with its budget and the total is printed.

_phases_title="" _phases_budget=0 _phases_started=0
_phase_name="" _phase_budget=0 _phase_started=0
_phase_rows=()

phases_start() {
  _phases_title=$1 _phases_budget=$2 _phases_started=$(_now)
  trap '_phases_finish $?' EXIT
}

phase() {
  _phase_end ok
  _phase_budget=$1 _phase_name=$2 _phase_started=$(_now)
  echo "▶ $2${3:+: $3}"
}

# Microseconds since the epoch (bash 5), so a phase's seconds are rounded, not cut at a clock tick.
_now() { echo "${EPOCHREALTIME//[.,]/}"; }
_seconds_since() { echo $((($(_now) - $1 + 500000) / 1000000)); }

_minutes() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

_over_budget() { # name took budget
  if (($2 > $3)); then echo "⚠ $1 took $(_minutes "$2"), over its budget of $(_minutes "$3")"; fi
}

_phase_end() { # result
  [[ -n $_phase_name ]] || return 0
  local took
  took=$(_seconds_since "$_phase_started")
  _phase_rows+=("$(printf '%-28s %8s %8s  %s' "$_phase_name" "$(_minutes "$took")" "$(_minutes "$_phase_budget")" "$1")")
  echo "⏱ $_phase_name took $(_minutes "$took"): $1"
  _over_budget "$_phase_name" "$took" "$_phase_budget"
  _phase_name=""
}

_phases_finish() { # exit status
  local status=$1 total row
  total=$(_seconds_since "$_phases_started")
  if ((status == 0)); then _phase_end ok; else _phase_end "failed (exit $status)"; fi
  echo
  echo "$_phases_title, phase by phase:"
  printf '%-28s %8s %8s  %s\n' phase took budget result
  for row in "${_phase_rows[@]}"; do echo "$row"; done
  printf '%-28s %8s %8s\n' total "$(_minutes "$total")" "$(_minutes "$_phases_budget")"
  _over_budget "$_phases_title" "$total" "$_phases_budget"
  exit "$status"
}
