"""Serve the dashboard from several Streamlit processes behind nginx, each browser kept on one of them.

    python scripts/serve.py --replicas 2            # http://127.0.0.1:8501 (make serve REPLICAS=2)
    python scripts/serve.py --replicas 2 --check    # write the nginx config and test it (nginx -t)

One Streamlit process runs its sessions on one core. This starts `--replicas` processes on ports
above `--port` (127.0.0.1 only) and nginx on `--port` in front of them, with the config made from
deploy/nginx/streamlit.conf.template (the same file compose.yaml uses); its comments say how a browser
stays on one replica. Everything runs in the foreground until Ctrl-C; nginx's files go to
artifacts/serve/. nginx is Debian's package: `apt-get install nginx`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx" / "streamlit.conf.template"
NGINX_MISSING = "nginx is not installed. Install it with `apt-get install nginx` (Debian, Ubuntu), or run one process with `make run`."
MAIN_CONF = """# Written by scripts/serve.py: nginx in the foreground as an ordinary process, files under {prefix}.
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {prefix}/streamlit.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render(upstreams: list[str], listen: str) -> str:
    """Return the http-context config: the template with its replicas ("host:port") and listen address."""
    servers = "\n    ".join(f"server {u} max_fails=0;" for u in upstreams)
    return TEMPLATE.read_text().replace("${STREAMLIT_UPSTREAMS}", servers).replace("${LISTEN}", listen)


def write_conf(prefix: Path, upstreams: list[str], listen: str) -> Path:
    """Write nginx.conf and streamlit.conf under prefix; return the path of nginx.conf."""
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(prefix / "tmp" / sub, 0o777)  # nginx's workers run as another user when started as root
    (prefix / "streamlit.conf").write_text(render(upstreams, listen))
    conf = prefix / "nginx.conf"
    conf.write_text(MAIN_CONF.format(prefix=prefix))
    return conf


def nginx_test(conf: Path) -> subprocess.CompletedProcess:
    """Run `nginx -t` on a written config; return the finished process (returncode 0 when valid)."""
    return subprocess.run(
        [nginx_binary(), "-t", "-p", str(conf.parent), "-c", str(conf)], capture_output=True, text=True
    )


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if not found:
        raise SystemExit(NGINX_MISSING)
    return found


def wait_ok(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until url answers "ok" (a health endpoint), or fail when the process ends or time is up."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: its process ended with code {proc.returncode}")
        try:
            if urllib.request.urlopen(url, timeout=1).read() == b"ok":
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def start_streamlit(
    app: str = "app.py", port: int | None = None, env: dict | None = None, quiet: bool = True
):
    """Start `streamlit run app` on 127.0.0.1:port (a free one by default); return (process, base URL)."""
    port = port or free_port()
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "streamlit", "run", app, "--server.headless", "true"),
            *("--server.port", str(port), "--server.address", "127.0.0.1"),
            *("--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.DEVNULL if quiet else None,
        env={**os.environ, **(env or {})},
    )
    return proc, f"http://127.0.0.1:{port}"


class Cluster:
    """n Streamlit replicas behind nginx: `.url` to open, `.replica_urls`, `.pids` of the replicas, `.stop()`."""

    def __init__(self, replicas: int, port: int | None = None, app: str = "app.py", quiet: bool = True):
        self.port = port or free_port()
        self.procs: list[subprocess.Popen] = []
        try:
            binary = nginx_binary()
            ports = [free_port() for _ in range(replicas)]
            starts = [start_streamlit(app, p, quiet=quiet) for p in ports]
            self.procs = [p for p, _ in starts]
            self.replica_urls = [url for _, url in starts]
            for proc, url in starts:
                wait_ok(f"{url}/_stcore/health", proc)
            prefix = ROOT / "artifacts" / "serve" / str(self.port)
            conf = write_conf(prefix, [f"127.0.0.1:{p}" for p in ports], f"127.0.0.1:{self.port}")
            checked = nginx_test(conf)
            if checked.returncode:
                raise RuntimeError(f"nginx rejected {conf}:\n{checked.stderr}")
            self.nginx = subprocess.Popen(
                [binary, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                stdout=None if not quiet else subprocess.DEVNULL,
            )
            self.url = f"http://127.0.0.1:{self.port}"
            wait_ok(f"{self.url}/_stcore/health", self.nginx, 30)
        except BaseException:
            self.stop()
            raise

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def stop(self) -> None:
        for proc in [*self.procs, getattr(self, "nginx", None)]:
            if proc is not None and proc.poll() is None:
                proc.terminate()
        for proc in [*self.procs, getattr(self, "nginx", None)]:
            if proc is not None:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--port", type=int, default=8501)
    ap.add_argument("--check", action="store_true", help="only write the config and run nginx -t on it")
    args = ap.parse_args()
    if args.replicas < 1:
        raise SystemExit("--replicas must be 1 or more")
    if args.check:
        prefix = ROOT / "artifacts" / "serve" / "check"
        conf = write_conf(
            prefix, [f"127.0.0.1:{args.port + 1 + i}" for i in range(args.replicas)], f"127.0.0.1:{args.port}"
        )
        res = nginx_test(conf)
        print(res.stderr.strip())
        sys.exit(res.returncode)
    cluster = Cluster(args.replicas, args.port, quiet=False)
    print(
        f"{args.replicas} Streamlit replica(s) behind nginx: {cluster.url}  (Ctrl-C stops them)", flush=True
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while all(p.poll() is None for p in [*cluster.procs, cluster.nginx]):
            time.sleep(1)
        print("a process ended; stopping the others", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
