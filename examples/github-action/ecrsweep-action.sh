#!/usr/bin/env bash
# The steps of the ecrsweep GitHub Action (action.yml), run with the environment files GitHub provides:
#   ecrsweep-action.sh install   fetch the release archive, check its SHA-256, put the launcher on GITHUB_PATH
#   ecrsweep-action.sh run       run the command; report to GITHUB_STEP_SUMMARY, counts to GITHUB_OUTPUT,
#                                failures and warnings as annotations; exit with the command's status
set -euo pipefail

fail() { printf '::error title=ecrsweep::%s\n' "$(escape "$1")"; exit 1; }

# A workflow command's message: %, CR and LF escaped as GitHub reads them.
escape() { local s=${1//'%'/'%25'}; s=${s//$'\r'/'%0D'}; printf '%s' "${s//$'\n'/'%0A'}"; }

install() {
  [[ -n "${INPUT_VERSION:-}" ]] || fail "input 'version' is empty: name the ecrsweep release to install"
  [[ "${INPUT_SHA256:-}" =~ ^[0-9a-f]{64}$ ]] \
    || fail "input 'sha256' is not a SHA-256 (64 hex digits): pin the release archive's checksum, as the release publishes it"
  local url=${INPUT_ARCHIVE_URL:-}
  [[ -n "$url" ]] || url="https://github.com/ecrsweep/ecrsweep/releases/download/v${INPUT_VERSION}/ecrsweep-${INPUT_VERSION}.tar.gz"
  local dir="${RUNNER_TEMP:?}/ecrsweep-${INPUT_VERSION}"
  # Installed already in this job (the action used in several steps), from an archive of this checksum.
  if [[ -f "$dir/.sha256" && "$(cat "$dir/.sha256")" == "$INPUT_SHA256" ]]; then
    cat "$dir/.path" >> "${GITHUB_PATH:?}"
    return 0
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  curl --fail --silent --show-error --location --proto '=https,file' --output "$dir/archive.tar.gz" "$url" \
    || fail "cannot fetch the ecrsweep ${INPUT_VERSION} archive"
  echo "${INPUT_SHA256}  $dir/archive.tar.gz" | sha256sum --check --status \
    || fail "the archive's SHA-256 is not the one pinned in input 'sha256': refusing to install it"
  tar xzf "$dir/archive.tar.gz" -C "$dir"
  local home
  home=$(find "$dir" -mindepth 1 -maxdepth 1 -type d -name 'ecrsweep-*' | head -n 1)
  [[ -x "$home/ecrsweep" ]] || fail "the archive holds no ecrsweep launcher"
  # GitHub's runners carry Java 17; ecrsweep's launcher finds it through JAVA_HOME.
  if ! command -v java >/dev/null && [[ -n "${JAVA_HOME_17_X64:-}" ]]; then
    echo "JAVA_HOME=${JAVA_HOME_17_X64}" >> "${GITHUB_ENV:?}"
  fi
  echo "$home" > "$dir/.path"
  echo "$INPUT_SHA256" > "$dir/.sha256"
  echo "$home" >> "${GITHUB_PATH:?}"
}

run() {
  local temp=${RUNNER_TEMP:?}
  local report="$temp/ecrsweep-report.json" err="$temp/ecrsweep-stderr.txt"
  local -a args=()
  while IFS= read -r line; do
    line=${line%$'\r'}
    [[ -n "${line//[[:space:]]/}" ]] && args+=("$line")
  done <<< "${INPUT_ARGS:-}"
  [[ -n "${INPUT_PLAN:-}" ]] && args+=(--out "$INPUT_PLAN")
  rm -f "$report"
  local code=0
  ecrsweep "${INPUT_COMMAND:?}" "${args[@]}" --report "$report" -o json > "$temp/ecrsweep-stdout.json" 2> "$err" || code=$?
  cat "$err" >&2
  # Each line ecrsweep says on stderr that starts with its name is a failure or a warning: an annotation.
  while IFS= read -r line; do
    case "$line" in
      "ecrsweep: warning: "*) printf '::warning title=ecrsweep::%s\n' "$(escape "${line#ecrsweep: warning: }")" ;;
      "ecrsweep: "*) printf '::error title=ecrsweep::%s\n' "$(escape "${line#ecrsweep: }")" ;;
    esac
  done < "$err"
  {
    echo "exit-code=$code"
    if [[ -s "$report" ]]; then
      jq -r '(.summary.totals // .summary) as $s
        | "planned=\(($s.delete // 0) + ($s.expire // 0))",
          "deleted=\($s.deleted // 0)",
          "failed=\($s.failed // 0)",
          "bytes=\($s.bytes // 0)",
          "plan-sha256=\(.planFile.sha256 // "")"' "$report"
    fi
  } >> "${GITHUB_OUTPUT:?}"
  if [[ -s "$report" ]]; then
    ecrsweep report merge "$report" -o markdown --max-bytes "${INPUT_MAX_SUMMARY_BYTES:-1000000}" \
      >> "${GITHUB_STEP_SUMMARY:?}" || true
  else
    printf '### ecrsweep %s\n\nNo report: the command stopped before it ran (exit %s); see the log.\n' \
      "$INPUT_COMMAND" "$code" >> "${GITHUB_STEP_SUMMARY:?}"
  fi
  exit "$code"
}

case "${1:-}" in
  install) install ;;
  run) run ;;
  *) echo "usage: ecrsweep-action.sh install|run" >&2; exit 2 ;;
esac
