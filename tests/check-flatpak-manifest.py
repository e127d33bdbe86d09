#!/usr/bin/env python3
"""Checks the Flatpak manifest: the GNOME runtime cannot be downloaded here,
so this is what can be verified without building the bundle."""
import json
import os
import sys

manifest_path, source_root, app_id = sys.argv[1:4]
errors = []


def check(condition, message):
    if not condition:
        errors.append(message)


with open(manifest_path, encoding="utf-8") as f:
    try:
        manifest = json.load(f)
    except json.JSONDecodeError as e:
        sys.exit(f"{manifest_path}: not valid JSON: {e}")

check(manifest.get("id", manifest.get("app-id")) == app_id, f"id is not {app_id}")
check(manifest.get("command") == "switchyard", "command is not switchyard")
check(manifest.get("runtime") == "org.gnome.Platform", "runtime is not org.gnome.Platform")
check(manifest.get("sdk") == "org.gnome.Sdk", "sdk is not org.gnome.Sdk")
check(str(manifest.get("runtime-version", "")).isdigit(), "runtime-version is not a stable GNOME release")

args = manifest.get("finish-args", [])
for needed in ["--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri"]:
    check(needed in args, f"finish-args lack {needed}")
for arg in args:
    check(arg != "--device=all", "--device=all is more than GPU detection needs")
    check(not arg.startswith("--filesystem="), f"{arg}: files go through the portal, no file-system access")
    check(arg != "--socket=x11", "--socket=x11: use fallback-x11")

modules = manifest.get("modules", [])
check(len(modules) > 0, "no modules")
for module in modules:
    if isinstance(module, str):
        check(os.path.exists(os.path.join(os.path.dirname(manifest_path), module)), f"module file {module} missing")
        continue
    for source in module.get("sources", []):
        kind = source.get("type")
        if kind in ("archive", "file") and "url" in source:
            check(len(source.get("sha256", "")) == 64, f"{module['name']}: {source['url']} is not pinned by sha256")
        elif kind == "git":
            check("tag" in source and "commit" in source, f"{module['name']}: git source needs a tag and a commit")
        elif kind in ("dir", "file", "patch"):
            path = os.path.normpath(os.path.join(os.path.dirname(manifest_path), source["path"]))
            check(os.path.exists(path), f"{module['name']}: {source['path']} does not exist")

if modules and not isinstance(modules[-1], str):
    app = modules[-1]
    check(app.get("name") == "switchyard", "the app module is not last")
    check(app.get("buildsystem") == "meson", "the app module does not build with meson")
    check(app.get("builddir") is True, "the app module does not use builddir")
    check(app.get("run-tests") is True, "the app module does not run its tests")
    check({"type": "dir", "path": ".."} in app.get("sources", []), "the app module does not build this tree")
    check(os.path.samefile(os.path.join(os.path.dirname(manifest_path), ".."), source_root),
          "the app source is not the project root")

cleanup = manifest.get("cleanup", [])
for pattern in ["/include", "/lib/pkgconfig", "*.la"]:
    check(pattern in cleanup, f"cleanup lacks {pattern}")

if errors:
    for e in errors:
        print(f"{manifest_path}: {e}", file=sys.stderr)
    sys.exit(1)
print("manifest ok")
