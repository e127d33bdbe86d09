#!/usr/bin/env python3
# check-deploy-yaml.py: a deployment plan's config.yaml is YAML with the
# structure LiteLLM's proxy documents (BerriAI/litellm
# docs/my-website/docs/proxy/configs.md, load_balancing.md, reliability.md).
#
# Usage: check-deploy-yaml.py CONFIG.YAML BOXES API_MODEL
# Prints what it found as one line of JSON; exits 1 with a reason otherwise.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import sys

try:
    import yaml
except ImportError:
    # 77: meson's "skipped"; the Flatpak SDK may lack python3-yaml.
    print("python3-yaml is not installed", file=sys.stderr)
    sys.exit(77)

LOCAL_GROUP = "switchyard-local"


def fail(reason):
    print(reason, file=sys.stderr)
    sys.exit(1)


def main():
    path, boxes, api_model = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(path, encoding="utf-8") as f:
        config = yaml.safe_load(f)

    if not isinstance(config, dict):
        fail("not a mapping")
    model_list = config.get("model_list")
    if not isinstance(model_list, list) or not model_list:
        fail("model_list is not a non-empty list")

    local, hosted = [], {}
    for entry in model_list:
        params = entry.get("litellm_params")
        if not isinstance(entry.get("model_name"), str) or not isinstance(params, dict):
            fail("an entry without model_name or litellm_params: %r" % entry)
        if not isinstance(params.get("model"), str) or "/" not in params["model"]:
            fail("litellm_params.model is not provider/model: %r" % params)
        if entry["model_name"] == LOCAL_GROUP:
            if not str(params.get("api_base", "")).startswith("http://"):
                fail("a local entry without an http api_base: %r" % params)
            if not isinstance(params.get("rpm"), int) or params["rpm"] < 1:
                fail("a local entry without an rpm: %r" % params)
            # A local box must never be sent the hosted key.
            if str(params.get("api_key", "")).startswith("os.environ/"):
                fail("a local entry reads the hosted key: %r" % params)
            local.append(params)
        else:
            key = params.get("api_key")
            if not isinstance(key, str) or not key.startswith("os.environ/"):
                fail("a hosted entry whose key is not os.environ/…: %r" % entry)
            hosted[entry["model_name"]] = params

    if len(local) != boxes:
        fail("%d local entries, expected %d" % (len(local), boxes))
    if len({p["api_base"] for p in local}) != boxes:
        fail("the local entries do not have one api_base each")
    if api_model not in hosted:
        fail("no hosted entry for %s" % api_model)

    router = config.get("router_settings")
    if not isinstance(router, dict):
        fail("no router_settings")
    for key in ("fallbacks", "context_window_fallbacks"):
        if router.get(key) != [{LOCAL_GROUP: [api_model]}]:
            fail("%s is %r" % (key, router.get(key)))
    aliases = router.get("model_group_alias")
    if not isinstance(aliases, dict) or set(aliases) != {"simple", "medium", "complex"}:
        fail("model_group_alias is %r" % aliases)
    names = {e["model_name"] for e in model_list}
    for klass, target in aliases.items():
        if target not in names:
            fail("the class %s goes to %s, which no entry serves" % (klass, target))

    print(json.dumps({
        "boxes": len(local),
        "api_bases": [p["api_base"] for p in local],
        "local_models": sorted({p["model"] for p in local}),
        "rpm": local[0]["rpm"],
        "hosted": sorted(hosted),
        "aliases": aliases,
        "routing_strategy": router.get("routing_strategy"),
    }, sort_keys=True))


if __name__ == "__main__":
    main()
