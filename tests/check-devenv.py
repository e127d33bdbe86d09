#!/usr/bin/env python3
"""The README runs the app with `meson devenv -C build ./src/switchyard`: that
environment must show the app as installed, with its settings schema and its
translations (LANGUAGE=de must give German), or a new user sees an English app
or none at all."""
import os
import subprocess
import sys

build_root = sys.argv[1]
dump = subprocess.run(["meson", "devenv", "-C", build_root, "--dump"],
                      check=True, capture_output=True, text=True).stdout
env = {}
for line in dump.splitlines():
    if "=" in line and not line.startswith("export "):
        key, _, value = line.partition("=")
        env[key] = value.strip('"')

errors = []
schema_dir = env.get("GSETTINGS_SCHEMA_DIR")
if not schema_dir or not os.path.exists(os.path.join(schema_dir, "gschemas.compiled")):
    errors.append(f"GSETTINGS_SCHEMA_DIR={schema_dir!r} holds no gschemas.compiled")
locale_dir = env.get("SWITCHYARD_LOCALEDIR")
catalogue = os.path.join(locale_dir or "", "de", "LC_MESSAGES", "switchyard.mo")
if not locale_dir or not os.path.exists(catalogue):
    errors.append(f"SWITCHYARD_LOCALEDIR={locale_dir!r}: no German catalogue at {catalogue}")

for error in errors:
    print(error, file=sys.stderr)
sys.exit(1 if errors else 0)
