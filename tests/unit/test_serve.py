"""The nginx config that `make serve` and compose.yaml share: valid for nginx, one replica per browser."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import serve  # noqa: E402

HAS_NGINX = bool(shutil.which("nginx") or Path("/usr/sbin/nginx").exists())


def test_the_config_names_every_replica_and_routes_by_the_browsers_cookie():
    conf = serve.render(["127.0.0.1:9001", "127.0.0.1:9002"], "127.0.0.1:9000")
    assert not re.search(r"\$\{[A-Z_]+\}", conf)  # every placeholder filled in
    upstream = re.search(r"upstream streamlit \{(.*?)\}", conf, re.S).group(1)
    assert re.findall(r"server (\S+)", upstream) == ["127.0.0.1:9001", "127.0.0.1:9002"]
    assert "hash $st_affinity consistent;" in upstream
    assert re.search(r"map \$cookie_st_replica \$st_affinity", conf)
    assert "listen 127.0.0.1:9000;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf  # the websocket passes through


def test_compose_sets_every_value_the_template_asks_for():
    wanted = set(re.findall(r"\$\{([A-Z_]+)\}", serve.TEMPLATE.read_text()))
    compose = (ROOT / "compose.yaml").read_text()
    assert wanted == {"LISTEN", "STREAMLIT_UPSTREAMS"}
    for name in wanted:
        assert re.search(rf"^\s+{name}: ", compose, re.M), f"compose.yaml does not set {name}"
    assert "./deploy/nginx/streamlit.conf.template:/etc/nginx/templates/" in compose


@pytest.mark.skipif(not HAS_NGINX, reason="nginx not installed (apt-get install nginx)")
def test_nginx_accepts_the_generated_config(tmp_path):
    conf = serve.write_conf(tmp_path, ["127.0.0.1:9001", "127.0.0.1:9002"], "127.0.0.1:9000")
    res = serve.nginx_test(conf)
    assert res.returncode == 0, res.stderr


@pytest.mark.skipif(not HAS_NGINX, reason="nginx not installed (apt-get install nginx)")
def test_nginx_rejects_a_config_without_replicas(tmp_path):
    conf = serve.write_conf(tmp_path, [], "127.0.0.1:9000")
    res = serve.nginx_test(conf)
    assert res.returncode != 0 and "no servers are inside upstream" in res.stderr
