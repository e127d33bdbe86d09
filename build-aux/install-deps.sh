#!/usr/bin/env bash
# Installs what Switchyard needs to build, run and test on Debian 12.
set -euo pipefail

packages=(
  # build
  gcc meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
  libcairo2-dev libpango1.0-dev libsecret-1-dev libmd4c-dev
  # tests: a display, fonts for the plot, packaging validators
  xvfb xauth dbus gnome-keyring fonts-cantarell fonts-dejavu-core
  desktop-file-utils appstream openssl
  # the deployment plan's LiteLLM config.yaml is parsed as YAML (test-deploy)
  python3 python3-yaml
  # a German locale, so the tests see locale-formatted numbers
  locales
  # icons the UI uses
  adwaita-icon-theme hicolor-icon-theme
)

# `install-deps.sh --fuzz` adds clang and libFuzzer for the fuzz harnesses.
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang libclang-rt-14-dev)
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# LC_NUMERIC=de_DE.UTF-8 in the tests needs the locale generated.
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
  echo "Generating the de_DE.UTF-8 locale"
  $sudo sed -i 's/^# *\(de_DE\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen || echo 'de_DE.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
  $sudo locale-gen
fi
