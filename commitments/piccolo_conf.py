"""Piccolo configuration, found through PICCOLO_CONF=commitments.piccolo_conf."""

from piccolo.conf.apps import AppRegistry

from commitments.db import make_engine
from commitments.settings import get_settings

DB = make_engine(get_settings())

APP_REGISTRY = AppRegistry(apps=["commitments.piccolo_app"])
