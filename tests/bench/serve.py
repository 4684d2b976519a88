"""Serve an app for the benchmarks: ``python -m tests.bench.serve [--threads N] oko INI | hello``.

Binds 127.0.0.1 on a free port, prints ``PORT <n>`` on stdout, and serves
with waitress until terminated; the oko app then prints its conflict counts
(``core.conflicts``) on stderr as ``CONFLICTS <json>``.
"""
import argparse
import json
import signal
import sys


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


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("app", choices=("oko", "hello"))
    p.add_argument("ini", nargs="?")
    args = p.parse_args(argv)
    from waitress import create_server

    # NB: the port is known once the server is bound, and the application
    # needs it for its public URL: the server starts on a stand-in.
    served = []
    server = create_server(lambda environ, start: served[0](environ, start), host="127.0.0.1", port=0,
                           threads=args.threads)
    app = oko_app(args.ini, f"http://127.0.0.1:{server.effective_port}") if args.app == "oko" else hello_app()
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
            print(f"CONFLICTS {json.dumps(app.registry.oko_conflicts.snapshot())}", file=sys.stderr, flush=True)
            for db in getattr(app.registry, "_zodb_databases", {}).values():
                db.close()


if __name__ == "__main__":
    main()
