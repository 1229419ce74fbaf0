# Sourced by scripts that take one optional flag besides -h/--help.
#
#   one_flag NAME FLAG VAR HELP_LINES "$@"
#
# Sets the variable VAR to 1 when FLAG is given; -h/--help prints the lines HELP_LINES
# (a sed range such as 2,8) of the calling script and exits 0; anything else is refused
# with "NAME: unknown option '…' (expected FLAG)" and exit status 2.
one_flag() {
  local name=$1 flag=$2 var=$3 help_lines=$4 arg
  shift 4
  for arg in "$@"; do
    case "$arg" in
      "$flag") printf -v "$var" 1 ;;
      -h|--help) sed -n "${help_lines}p" "$0"; exit 0 ;;
      *) echo "$name: unknown option '$arg' (expected $flag)" >&2; exit 2 ;;
    esac
  done
}
