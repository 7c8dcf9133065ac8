"""The MkDocs plugin ``feedback-register``: loads the register and generates its pages in memory."""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from mkdocs.config import base, config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from . import exports, formats, gitlog
from .clientdata import site_data
from .labels import Labels
from .pages import Pages, site_pages
from .searchterms import register_terms, teach_segmenter
from .views import build_view
from .problems import SettingsError
from .timestamps import parse_timestamp
from .validate import validate_register

log = logging.getLogger("mkdocs.plugins.feedback-register")


class RegisterConfig(base.Config):
    register = c.Type(str, default="register")
    as_of = c.Optional(c.Type(str))
    fail_on_problems = c.Type(bool, default=True)
    history = c.Type(bool, default=True)      # item timelines and audit marks from git (off: no git needed)
    verify_signatures = c.Type(bool, default=False)   # signed merges count as trusted (git's keys)


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
        if config.nav is None:
            config.nav = self.default_nav(Path(config.docs_dir))
        return config

    def default_nav(self, docs_dir: Path) -> list:
        """Without a ``nav`` in mkdocs.yml: the register's pages first, then the docs' own pages.
        (MkDocs' automatic navigation would list every item page: see ``on_files``.)"""
        t = Labels(self.register.settings.language, self.register.settings.labels)
        nav = [{t("dashboard"): "index.md"}, {t("ledger"): "register/index.md"},
               {t("departments"): "departments/index.md"}, {t("overdue"): "overdue/index.md"},
               {t("submit"): "submit/index.md"}]
        generated = {next(iter(entry.values())) for entry in nav}
        for path in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
            rel = path.relative_to(docs_dir).as_posix()
            if rel not in generated:
                nav.append(rel)
        return nav

    def on_files(self, files, config):
        items = [i.data for i in self.register.items if i.data]
        # edit links name files from the git work tree's top (outside git: the register's parent)
        root = (gitlog.repo_root(self.register_dir) or self.register_dir.parent).resolve()
        sources = {i.id: i.path.resolve().relative_to(root).as_posix() for i in self.register.items
                   if i.id and i.path.resolve().is_relative_to(root)}
        history, flags = self.history()
        view = build_view(self.register.settings, items, self.as_of, sources, history, flags)
        teach_segmenter(register_terms(self.register.settings, items, self.register_dir))
        helper = Pages(view)
        pages, self.titles = site_pages(view, helper)
        self.generated = set(pages)
        generated: dict[str, str | bytes] = dict(pages)
        generated.update(site_data(helper))
        generated.update(exports.site_files(view, config.get("site_url")))
        for path, content in generated.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            file = File.generated(config, path, content=content)
            if path.endswith(".md") and path.count("/") > 1:
                # items/<ID>/, register/<n>/, departments/<dept>/: reached by links, never listed in
                # the navigation (a nav of thousands of pages is carried by every page: quadratic)
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
        return files

    def history(self):
        """The register's git history and what the audit flags on the site; (None, None) outside git."""
        if not self.config.history:
            return None, None
        from .audit import audit
        from .history import load_history

        index = load_history(self.register_dir, signatures=self.config.verify_signatures)
        if index is None:
            log.info("the register is not in a git repository: item pages show no processing record")
            return None, None
        for warning in index.warnings:
            log.warning(warning)
        return index, audit(self.register.settings, index, self.register_dir, None,
                            self.register.settings.language).flagged

    def on_page_markdown(self, markdown, page, config, files):
        uri = page.file.src_uri
        title = self.titles.get(uri)
        if title is not None:  # set before rendering: the title never comes from untrusted HTML
            page.meta["title"] = title
        if uri in self.generated:  # wide tables and forms: the tabs are the navigation
            page.meta.setdefault("hide", ["navigation", "toc"])
        if uri.startswith(("register/", "overdue/")):
            page.meta["search"] = {"exclude": True}  # lists of items: the item pages are what search finds
        return markdown

    def on_serve(self, server, config, builder):
        server.watch(str(self.register_dir))
        return server
