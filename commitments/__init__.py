"""commitments: the record of a country's international anti-corruption commitments."""

import os

__version__ = "0.1.0"

# Piccolo finds its engine through this module; every entry point (CLI, server, tests) shares it.
os.environ.setdefault("PICCOLO_CONF", "commitments.piccolo_conf")
