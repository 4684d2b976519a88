"""Serve an app for the benchmarks: ``python -m tests.bench.serve [--threads N] [--server S] oko INI | hello``.

Binds 127.0.0.1 on a free port, prints ``PORT <n>`` on stdout once the
application is built, and serves until terminated; the oko app then prints
its conflict counts (``core.conflicts``) on stderr as ``CONFLICTS <json>``.

``--server waitress`` (the default, what `make run` serves with) or
``gunicorn``: one gunicorn process (a master and one worker of the
``gthread`` class, threads as waitress's) with the same threads, connection
limit and backlog, to compare the two on the same application.
"""
import argparse
import configparser
import json
import logging
import signal
import sys
from pathlib import Path

DEVELOPMENT_INI = Path(__file__).resolve().parents[2] / "development.ini"
SERVERS = ("waitress", "gunicorn")


def server_settings():
    """waitress's settings of development.ini's ``[server:main]`` (what `make run` serves with), but the address."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(DEVELOPMENT_INI, encoding="utf-8")
    section = dict(parser["server:main"]) if parser.has_section("server:main") else {}
    return {name: int(section[name]) for name in ("threads", "connection_limit", "backlog", "send_bytes")
            if name in section}


def hello_app():
    """A bare Pyramid app answering "hello": no tm, no ZODB, no session."""
    from pyramid.config import Configurator
    from pyramid.response import Response

    def hello(request):
        return Response("hello", content_type="text/plain")

    with Configurator() as config:
        config.add_route("hello", "/")
        config.add_view(hello, route_name="hello")
    return config.make_wsgi_app()


def oko_app(ini, public_url):
    """The real application, built by ``core.main`` from the settings of ``ini``, served at ``public_url``."""
    from pathlib import Path

    from pyramid.paster import get_appsettings

    from core import main
    settings = {**get_appsettings(ini), "oko.public_url": public_url}
    return main({"__file__": str(ini), "here": str(Path(ini).resolve().parent)}, **settings)


def _app_for(args, public_url):
    return oko_app(args.ini, public_url) if args.app == "oko" else hello_app()


def _stopped(app):
    """What the oko app says as it stops: its conflict counts; its databases closed."""
    print(f"CONFLICTS {json.dumps(app.registry.oko_conflicts.snapshot())}", file=sys.stderr, flush=True)
    for db in getattr(app.registry, "_zodb_databases", {}).values():
        db.close()


def serve_waitress(args, settings):
    """Serve with waitress in this process until SIGTERM."""
    from waitress import create_server

    # NB: the port is known once the server is bound, and the application
    # needs it for its public URL: the server starts on a stand-in.
    served = []
    server = create_server(lambda environ, start: served[0](environ, start), host="127.0.0.1", port=0, **settings)
    app = _app_for(args, f"http://127.0.0.1:{server.effective_port}")
    served.append(app)
    signal.signal(signal.SIGTERM, lambda *_: (server.close(), sys.exit(0)))
    print(f"PORT {server.effective_port}", flush=True)
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()
        if args.app == "oko":
            _stopped(app)


def serve_gunicorn(args, settings):
    """Serve with gunicorn (one ``gthread`` worker) until SIGTERM; the application is built in the worker."""
    from gunicorn.app.base import BaseApplication

    state = {}

    def when_ready(arbiter):
        # NB: in the master, bound, before the worker is forked: the worker inherits the port.
        state["port"] = arbiter.LISTENERS[0].sock.getsockname()[1]

    def post_worker_init(worker):
        print(f"PORT {state['port']}", flush=True)

    def worker_exit(arbiter, worker):
        if args.app == "oko" and "app" in state:
            _stopped(state["app"])

    class Gunicorn(BaseApplication):
        def load_config(self):
            for name, value in {"bind": "127.0.0.1:0", "workers": 1, "worker_class": "gthread",
                                "threads": settings.get("threads", 4),
                                "worker_connections": settings.get("connection_limit", 1000),
                                "backlog": settings.get("backlog", 2048),
                                # NB: waitress keeps an idle connection 120 s; gunicorn's default is 2 s.
                                "keepalive": 120, "timeout": 300, "loglevel": "warning",
                                "when_ready": when_ready, "post_worker_init": post_worker_init,
                                "worker_exit": worker_exit}.items():
                self.cfg.set(name, value)

        def load(self):
            state["app"] = _app_for(args, f"http://127.0.0.1:{state['port']}")
            return state["app"]

    Gunicorn().run()


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=None, help="development.ini's when not given")
    p.add_argument("--server", choices=SERVERS, default="waitress")
    p.add_argument("app", choices=("oko", "hello"))
    p.add_argument("ini", nargs="?")
    args = p.parse_args(argv)
    # NB: the queue's warning per waiting request is kept out, as development.ini keeps it out.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)-5.5s [%(name)s] %(message)s")
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    settings = server_settings()
    if args.threads is not None:
        settings["threads"] = args.threads
    (serve_gunicorn if args.server == "gunicorn" else serve_waitress)(args, settings)


if __name__ == "__main__":
    main()
