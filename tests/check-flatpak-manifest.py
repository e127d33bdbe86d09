#!/usr/bin/env python3
"""Checks the Flatpak manifest: the GNOME runtime cannot be downloaded here,
so this is what can be verified without building the bundle."""
import json
import os
import re
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
            check(re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")) is not None,
                  f"{module['name']}: {source['url']} is not pinned by sha256")
            check(source["url"].startswith("https://"), f"{module['name']}: {source['url']} is not https")
        elif kind == "git":
            check("tag" in source and re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")) is not None,
                  f"{module['name']}: git source needs a tag and a commit")
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

# Libraries the app links that the GNOME runtime does not ship must be
# built as modules before the app, from a pinned release.
bundled = {"md4c": "md4c"}
meson_build = open(os.path.join(source_root, "meson.build"), encoding="utf-8").read()
named = [m for m in modules if not isinstance(m, str)]
names = [m.get("name") for m in named]
for pkg, module_name in bundled.items():
    if f"dependency('{pkg}'" not in meson_build:
        continue
    check(module_name in names, f"no {module_name} module, but the app links {pkg}")
    if module_name not in names:
        continue
    module = named[names.index(module_name)]
    check(names.index(module_name) < names.index("switchyard") if "switchyard" in names else False,
          f"the {module_name} module is not built before the app")
    check("-DBUILD_SHARED_LIBS=ON" in module.get("config-opts", []), f"{module_name} is not built as a shared library")
    sources = module.get("sources", [])
    check(len(sources) > 0 and all(s.get("type") in ("archive", "git") for s in sources),
          f"{module_name}: not built from a release archive or git tag")
    wanted = re.search(r"dependency\('" + re.escape(pkg) + r"',\s*version:\s*'>=\s*([0-9.]+)'", meson_build)
    for source in sources:
        version = re.search(r"release-([0-9.]+?)(?:\.tar|$)", source.get("url", source.get("tag", "")))
        check(version is not None, f"{module_name}: the source names no release")
        if version and wanted:
            have = tuple(int(x) for x in version.group(1).split("."))
            need = tuple(int(x) for x in wanted.group(1).split("."))
            check(have >= need, f"{module_name} {version.group(1)} is older than meson.build asks ({wanted.group(1)})")

cleanup = manifest.get("cleanup", [])
for pattern in ["/include", "/lib/pkgconfig", "*.la"]:
    check(pattern in cleanup, f"cleanup lacks {pattern}")

if errors:
    for e in errors:
        print(f"{manifest_path}: {e}", file=sys.stderr)
    sys.exit(1)
print("manifest ok")
