#!/usr/bin/env python3
"""Installs the build into a scratch DESTDIR and checks that it holds what
the Flatpak exports: binary, desktop file, metainfo, icons, compiled schema
and translations."""
import os
import subprocess
import sys
import tempfile

build_root, app_id, prefix, linguas_path = sys.argv[1:5]

with tempfile.TemporaryDirectory(prefix="switchyard-install-") as destdir:
    env = dict(os.environ, DESTDIR=destdir)
    result = subprocess.run(["meson", "install", "--no-rebuild", "--quiet", "-C", build_root],
                            env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"meson install failed:\n{result.stdout}\n{result.stderr}")

    root = destdir + prefix
    expected = [
        "bin/switchyard",
        f"share/applications/{app_id}.desktop",
        f"share/metainfo/{app_id}.metainfo.xml",
        f"share/icons/hicolor/scalable/apps/{app_id}.svg",
        f"share/icons/hicolor/symbolic/apps/{app_id}-symbolic.svg",
        f"share/glib-2.0/schemas/{app_id}.gschema.xml",
    ]
    with open(linguas_path, encoding="utf-8") as f:
        for line in f:
            lang = line.split("#")[0].strip()
            if lang:
                expected.append(f"share/locale/{lang}/LC_MESSAGES/switchyard.mo")

    missing = [p for p in expected if not os.path.exists(os.path.join(root, p))]
    if not os.access(os.path.join(root, "bin/switchyard"), os.X_OK):
        missing.append("bin/switchyard (not executable)")

    # meson skips compiling schemas under DESTDIR (flatpak-builder compiles
    # them when it finishes the build), so compile the installed one here.
    schemas = os.path.join(root, "share/glib-2.0/schemas")
    if os.path.isdir(schemas):
        compiled = subprocess.run(["glib-compile-schemas", "--strict", "--targetdir", destdir, schemas],
                                  capture_output=True, text=True)
        if compiled.returncode != 0:
            missing.append(f"a schema that compiles ({compiled.stderr.strip()})")

    # Nothing a user does not need: headers, static libraries, pkg-config files.
    unexpected = []
    for dirpath, _, files in os.walk(root):
        for name in files:
            if name.endswith((".h", ".a", ".la", ".pc")):
                unexpected.append(os.path.relpath(os.path.join(dirpath, name), root))

    for p in missing:
        print(f"missing from the installed tree: {p}", file=sys.stderr)
    for p in unexpected:
        print(f"installed but not wanted: {p}", file=sys.stderr)
    if missing or unexpected:
        sys.exit(1)
    print(f"installed tree ok ({len(expected)} files checked)")
