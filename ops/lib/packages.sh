# Sourced by ops scripts: installs Debian packages the project needs, only when they are missing.
#   ensure_packages pkg...   installs the missing ones non-interactively; "apt-get update" runs only when the
#                            first install fails (a fresh machine's package lists may be stale or absent).
# Needs root (or sudo without a password); without either it names the missing packages and fails.

packages_missing() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf '%s\n' "$pkg"
  done
}

ensure_packages() {
  local missing
  missing="$(packages_missing "$@" | tr '\n' ' ')"
  [ -n "${missing// /}" ] || return 0
  local sudo=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    else
      echo "packages: missing $missing; install them as root (apt-get install $missing)" >&2
      return 1
    fi
  fi
  echo "packages: installing $missing" >&2
  local log
  log="$(mktemp)"
  # shellcheck disable=SC2086 # the package names are words on purpose
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >"$log" 2>&1; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$log" 2>&1 || true
    # shellcheck disable=SC2086
    if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >>"$log" 2>&1; then
      tail -20 "$log" >&2
      rm -f "$log"
      echo "packages: could not install $missing" >&2
      return 1
    fi
  fi
  rm -f "$log"
}

# What reading plans needs at run time: OCR for scanned PDFs (tesseract with its Vietnamese data) and
# pdftoppm to rasterise their pages.
READING_PACKAGES=(tesseract-ocr tesseract-ocr-vie poppler-utils)
