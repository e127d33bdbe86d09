#!/usr/bin/env python3
"""Fails when a file with translatable strings is missing from po/POTFILES.in
(its strings would silently never reach translators), or when POTFILES.in
names a file that does not exist."""
import os
import re
import sys

source_root = sys.argv[1]
potfiles_path = os.path.join(source_root, "po", "POTFILES.in")
with open(potfiles_path, encoding="utf-8") as f:
    listed = {line.strip() for line in f if line.strip() and not line.startswith("#")}

marker = {
    ".c": re.compile(r'\b(?:_|N_|C_|NC_|ngettext|g_dngettext)\s*\('),
    ".ui": re.compile(r'translatable="yes"'),
    ".in": re.compile(r'.'),
}
errors = []
for top in ("src", "resources", "data"):
    for dirpath, _, files in os.walk(os.path.join(source_root, top)):
        for name in files:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, source_root)
            ext = os.path.splitext(name)[1]
            if name.endswith(".gschema.xml"):
                pattern = re.compile(r"<summary>")
            elif ext in (".c", ".ui") or name.endswith((".desktop.in", ".metainfo.xml.in")):
                pattern = marker[ext] if ext in marker else marker[".in"]
            else:
                continue
            with open(path, encoding="utf-8") as f:
                if pattern.search(f.read()) and rel not in listed:
                    errors.append(f"{rel} has translatable strings but is not in po/POTFILES.in")

for rel in sorted(listed):
    if not os.path.exists(os.path.join(source_root, rel)):
        errors.append(f"po/POTFILES.in lists {rel}, which does not exist")

for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
