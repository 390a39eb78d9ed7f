# Sourced by ./latent and ./test.sh: installs missing Debian packages when running as root.
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "latent: missing system packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
    return 0
  fi
  echo "latent: installing ${missing[*]} ..." >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/tmp/latent-apt.log 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q >>/tmp/latent-apt.log 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >>/tmp/latent-apt.log 2>&1 \
      || { echo "latent: apt-get install ${missing[*]} failed; see /tmp/latent-apt.log" >&2; return 1; }
  fi
}
