"""The MkDocs plugin ``feedback-register``: loads the register and generates its pages in memory."""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from mkdocs.config import base, config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from . import formats
from .pages import site_pages
from .views import build_view
from .problems import SettingsError
from .timestamps import parse_timestamp
from .validate import validate_register

log = logging.getLogger("mkdocs.plugins.feedback-register")


class RegisterConfig(base.Config):
    register = c.Type(str, default="register")
    as_of = c.Optional(c.Type(str))
    fail_on_problems = c.Type(bool, default=True)


class RegisterPlugin(BasePlugin[RegisterConfig]):
    def on_config(self, config):
        root = Path(config["config_file_path"] or ".").parent
        self.register_dir = (root / self.config.register).resolve()
        self.as_of = parse_timestamp(self.config.as_of) if self.config.as_of else dt.datetime.now(dt.timezone.utc)
        try:
            self.register, problems = validate_register(self.register_dir, now=self.as_of)
        except SettingsError as exc:
            raise PluginError("the register's settings have problems:\n" + formats.text(exc.problems.sorted()))
        if problems.has_errors() and self.config.fail_on_problems:
            raise PluginError("the register has problems (run `fbreg validate`):\n" + formats.text(problems.sorted()))
        for p in problems.sorted():
            log.warning(formats.text([p]).strip())
        return config

    def on_files(self, files, config):
        items = [i.data for i in self.register.items if i.data]
        view = build_view(self.register.settings, items, self.as_of)
        pages, self.titles = site_pages(view)
        for path, content in pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, path, content=content))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        title = self.titles.get(page.file.src_uri)
        if title is not None:  # set before rendering: the title never comes from untrusted HTML
            page.meta["title"] = title
        return markdown

    def on_serve(self, server, config, builder):
        server.watch(str(self.register_dir))
        return server
