"""Harness patch for moto 5.2.4 (applied by scripts/install-emulator.sh, never used by tenantctl).

The AgentCore control plane's collection operations are modelled with a trailing slash
(`PUT /runtimes/` CreateAgentRuntime, `POST /runtimes/` ListAgentRuntimes, `POST /gateways/`
CreateGateway, `GET /gateways/` ListGateways, ...). The Rust SDK sends them without it
(`PUT /runtimes`), which AWS accepts; moto's server matches the URI exactly, finds no action
and answers 404, so no Rust client can create or list a runtime or gateway against it. This
makes the server retry the lookup with the slash appended and, when that names an action,
serve the request on that path. Idempotent.
"""
import pathlib
import sys

import moto.moto_server.werkzeug_app as w

path = pathlib.Path(w.__file__)
src = path.read_text()
MARK = "# tenantctl harness patch: AgentCore trailing slash"
if MARK + " (v2)" in src:
    sys.exit(0)
if MARK in src:
    sys.exit("emulator patch: an older AgentCore trailing-slash patch is applied; reinstall the venv")
old = '''            for service_name, response_class in service_to_response.items():
                resp = response_class()
                resp.region = region
                action = resp._get_action_from_method_and_request_uri(
                    method=environ["REQUEST_METHOD"],
                    request_uri=environ["PATH_INFO"],
                )
                if action:
                    service = service_name
                    break'''
new = f'''            for service_name, response_class in service_to_response.items():
                resp = response_class()
                resp.region = region
                action = resp._get_action_from_method_and_request_uri(
                    method=environ["REQUEST_METHOD"],
                    request_uri=environ["PATH_INFO"],
                )
                if not action and not environ["PATH_INFO"].endswith("/"):
                    {MARK} (v2)
                    action = resp._get_action_from_method_and_request_uri(
                        method=environ["REQUEST_METHOD"],
                        request_uri=environ["PATH_INFO"] + "/",
                    )
                    if action:
                        environ["PATH_INFO"] += "/"
                        # moto reads the path back from RAW_URI (the path as it arrived)
                        for key in ("RAW_URI", "REQUEST_URI"):
                            if environ.get(key):
                                p_, q_, rest = environ[key].partition("?")
                                environ[key] = p_.rstrip("/") + "/" + q_ + rest
                if action:
                    service = service_name
                    break'''
if old not in src:
    sys.exit("emulator patch: moto's AgentCore routing is not the 5.2.4 code this patch expects")
path.write_text(src.replace(old, new, 1))
