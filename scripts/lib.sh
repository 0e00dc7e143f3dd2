# shellcheck shell=bash
# Shared by scripts/run and scripts/test (sourced, not executed).

# Absolute, so the scripts work from any directory and never need to cd for a build.
RENDEZVOUS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RENDEZVOUS_BUILD="${RENDEZVOUS_ROOT}/build"

# What a fresh Debian 12 needs to build, test and run. Checked against bookworm:
# - libgl-dev: Qt6Gui's CMake config requires OpenGL headers (WrapOpenGL is not optional).
# - libqt6gui6 ships the offscreen and xcb platform plugins (qt6-qpa-plugins has only vnc);
#   listed explicitly because the tests need offscreen.
# - bookworm has no libqt6svg6-dev: qt6-svg-dev is the development package for Qt Svg.
# - fonts-dejavu-core: the GUI tests render text with a fixed, known font.
# - dpkg-dev: dpkg-shlibdeps, with which `cpack -G DEB` finds the package's dependencies.
# - zlib1g-dev: AIS files compressed as .gz or .zip are read in place (models/ais).
# - libpq-dev: the PostGIS store (models/db); postgresql-15 and postgresql-15-postgis-3:
#   the throw-away server the database tests run against (scripts/pgserver).
# - poppler-utils: pdftotext and pdfinfo, with which the dossier tests read the PDF back.
RENDEZVOUS_PACKAGES=(
  build-essential
  cmake
  pkg-config
  qt6-base-dev
  qt6-base-dev-tools
  qt6-positioning-dev
  qt6-svg-dev
  libgl-dev
  libqt6gui6
  qt6-qpa-plugins
  libgdal-dev
  gdal-bin
  libboost-dev
  clang-format
  fonts-dejavu-core
  dpkg-dev
  zlib1g-dev
  libpq-dev
  postgresql-15
  postgresql-15-postgis-3
  poppler-utils
)

rv_log() { printf '==> %s\n' "$*" >&2; }
rv_die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Installs only what is missing, so a ready machine never calls apt-get (nor sudo).
# RENDEZVOUS_SKIP_APT=1 skips the check, e.g. on a distribution without dpkg.
rv_ensure_packages() {
  if [[ "${RENDEZVOUS_SKIP_APT:-0}" == 1 ]]; then
    return 0
  fi
  if ! command -v dpkg-query >/dev/null 2>&1; then
    rv_log "no dpkg-query: not a Debian system, not checking packages (${RENDEZVOUS_PACKAGES[*]})"
    return 0
  fi
  local missing=() pkg status
  for pkg in "${RENDEZVOUS_PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  rv_log "installing missing packages: ${missing[*]}"
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 \
      || rv_die "missing packages and no sudo; as root run: apt-get install ${missing[*]}"
    sudo=(sudo)
  fi
  # env, because sudo resets the environment.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
}

# Release build in build/. Extra cmake -D options can be passed as arguments.
rv_build() {
  rv_log "configuring ${RENDEZVOUS_BUILD}"
  cmake -S "$RENDEZVOUS_ROOT" -B "$RENDEZVOUS_BUILD" -DCMAKE_BUILD_TYPE=Release "$@"
  rv_log "building with $(nproc) jobs"
  cmake --build "$RENDEZVOUS_BUILD" -j"$(nproc)"
}
