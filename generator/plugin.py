"""The MkDocs plugin ``feedback-register``: loads the register and generates its pages in memory."""
from __future__ import annotations

import datetime as dt
import logging
import shutil
import warnings
from pathlib import Path

from mkdocs.config import base, config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel

from . import (attachments, buildprofile, cachedir, csp, exports, formats, gitlog, itempages, pagecache,
               searchdocs, searchindex)
from .clientdata import site_data
from .itemform import ItemForm
from .labels import Labels
from .pagecache import PageCache
from .pages import Pages, item_title, raw_html, site_pages
from .siteoutput import Previous, record as record_output
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
    search = c.Choice(("pagefind", "off"), default="pagefind")   # the search index (searchindex.py)


class RegisterPlugin(BasePlugin[RegisterConfig]):
    previous = Previous()       # the last build's pages and bundles, taken out of the site (siteoutput)
    _history_memo = None        # (what the history is made of, (index, audit flags)): see history()

    def on_startup(self, command, dirty):
        """Defined so that ``mkdocs serve`` keeps this one instance across its rebuilds (MkDocs makes
        a new instance for each build of a plugin without it): what a rebuild can reuse stays in memory."""

    @event_priority(100)   # before the search plugin's on_config, which reads the theme's language
    def on_config(self, config):
        buildprofile.begin()
        root = Path(config["config_file_path"] or ".").parent
        self.register_dir = (root / self.config.register).resolve()
        self.cache = cachedir.cache_root(self.register_dir)
        self.as_of = parse_timestamp(self.config.as_of) if self.config.as_of else dt.datetime.now(dt.timezone.utc)
        try:
            with buildprofile.stage("load and validate"):
                self.register, problems = validate_register(self.register_dir, now=self.as_of)
        except SettingsError as exc:
            raise PluginError("the register's settings have problems:\n" + formats.text(exc.problems.sorted()))
        self.use_register_language(config)
        if problems.has_errors() and self.config.fail_on_problems:
            raise PluginError("the register has problems (run `fbreg validate`):\n"
                              + formats.text(problems.sorted(), formats.PER_FILE, problems.lang))
        for line in formats.text(problems.sorted(), formats.PER_FILE, problems.lang).splitlines():
            log.warning(line)
        if config.nav is None:
            config.nav = self.default_nav(Path(config.docs_dir))
        return config

    def use_register_language(self, config) -> None:
        """The site speaks the register's language (``language:`` in register.yaml): the theme's labels,
        ``<html lang>`` and the search's segmentation all follow it; mkdocs.yml needs no second setting."""
        language = self.register.settings.language
        theme = config.theme
        given = None   # what mkdocs.yml says (the theme's own default, en, is in config.theme too)
        with warnings.catch_warnings():   # MkDocs calls user_configs deprecated; without it: no warning
            warnings.simplefilter("ignore", DeprecationWarning)
            users = getattr(config, "user_configs", ())
        for user in users:
            if isinstance(user.get("theme"), dict) and user["theme"].get("language"):
                given = user["theme"]["language"]
        if given and given != language:
            log.warning(f"mkdocs.yml sets theme.language: {given}, but register.yaml says language: {language};"
                        f" the site uses {language} (remove theme.language from mkdocs.yml)")
        theme["language"] = language

    def default_nav(self, docs_dir: Path) -> list:
        """Without a ``nav`` in mkdocs.yml: the register's pages first, then the docs' own pages.
        (MkDocs' automatic navigation would list every item page: see ``on_files``.)"""
        t = Labels(self.register.settings.language, self.register.settings.labels)
        nav = [{t("dashboard"): "index.md"}, {t("ledger"): "register/index.md"},
               {t("departments"): "departments/index.md"}, {t("overdue"): "overdue/index.md"},
               {t("submit"): "submit/index.md"}, {t("fields"): "fields/index.md"}]
        generated = {next(iter(entry.values())) for entry in nav}
        for path in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
            rel = path.relative_to(docs_dir).as_posix()
            if rel not in generated:
                nav.append(rel)
        return nav

    def on_pre_build(self, config):
        """Before the engine empties the site folder: its item pages and search bundles from the last
        build are taken out of it, to be reused where nothing they are made of changed (siteoutput)."""
        self.previous.discard()
        self.previous = Previous.take(Path(config.site_dir), self.cache)

    def on_build_error(self, error):
        self.previous.discard()

    def on_files(self, files, config):
        items = [i.data for i in self.register.items if i.data]
        # edit links name files from the git work tree's top (outside git: the register's parent)
        root = (gitlog.repo_root(self.register_dir) or self.register_dir.parent).resolve()
        sources = {}
        if self.register_dir.is_relative_to(root):   # items are found under register_dir: no resolve() each
            top = self.register_dir.relative_to(root).as_posix()
            for i in self.register.items:
                if i.id and i.path.is_relative_to(self.register_dir):
                    rel = i.path.relative_to(self.register_dir).as_posix()
                    sources[i.id] = rel if top == "." else f"{top}/{rel}"
        history, flags = self.history()
        from .remind import record   # what fbreg remind sent, read once per build (up to the as-of time)
        sent = record.by_item(record.load(self.register_dir, until=self.as_of))
        self.digests = {i.id: i.digest for i in self.register.items if i.id and i.digest}
        with buildprofile.stage("deadlines"):
            view = build_view(self.register.settings, items, self.as_of, sources, history, flags, sent,
                              digests=self.digests)
        self.view = view
        helper = Pages(view)
        with buildprofile.stage("listings"):
            pages, self.titles = site_pages(view, helper, items=False)
            data_files = site_data(helper)
        # item pages: rendered after the build into the shell the theme renders once (itempages)
        self.items = [(v.id, item_title(v), v) for v in view.items]
        photos = attachments.site_files(self.register_dir, [v.id for v in view.items])
        by_item = attachments.by_item(photos)
        self.form = ItemForm(helper, attachments=by_item)
        titles = helper.titles

        def related(v):
            refs = v.data.get("related")
            return [(r, titles[r]) for r in refs if isinstance(r, str) and r in titles] if isinstance(refs, list) else []

        self.page_cache = PageCache(pagecache.folder_in(self.cache),
                                    pagecache.context_digest(self.register_dir), self.form.render,
                                    related, lambda v: by_item.get(v.id, []))
        self.shell = None
        self.search_pages: dict[str, str] = {}
        self.raw: dict[str, str] = {}
        pages[itempages.SHELL_PATH] = itempages.CONTENT_MARK + "\n"
        self.titles[itempages.SHELL_PATH] = itempages.TITLE_MARK
        self.generated = set(pages)
        generated: dict[str, str | bytes] = dict(pages)
        generated.update(photos)    # metadata stripped (attachments.py)
        generated.update(data_files)
        with buildprofile.stage("exports and feeds"):
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

        with buildprofile.stage("history index"):
            # mkdocs serve rebuilds after each save, mostly with no new commit: the index and the
            # audit of the same head and settings are the ones of the last build (kept in memory)
            key = self._history_key()
            if key is not None and self._history_memo is not None and self._history_memo[0] == key:
                return self._history_memo[1]
            index = load_history(self.register_dir, signatures=self.config.verify_signatures)
        if index is None:
            log.info("the register is not in a git repository: item pages show no processing record")
            return None, None
        for warning in index.warnings:
            log.warning(warning)
        with buildprofile.stage("audit"):
            found = index, audit(self.register.settings, index, self.register_dir, None,
                                 self.register.settings.language).flagged
        self._history_memo = (key, found) if key is not None and key[0] == index.head and not index.shallow else None
        return found

    def _history_key(self):
        """What the history index and the audit are made of, short of reading them: the head commit,
        the settings files, whether signatures are checked. None outside git."""
        root = gitlog.repo_root(self.register_dir)
        head = gitlog.head(root) if root is not None else None
        if head is None:
            return None
        return (head, str(self.register_dir), pagecache.settings_digest(self.register_dir),
                self.config.verify_signatures)

    def on_page_markdown(self, markdown, page, config, files):
        uri = page.file.src_uri
        title = self.titles.get(uri)
        if title is not None:  # set before rendering: the title never comes from untrusted HTML
            page.meta["title"] = title
        if uri in self.generated:  # wide tables and forms: the tabs are the navigation
            page.meta.setdefault("hide", ["navigation", "toc"])
        # Material's own search index stays empty: Pagefind indexes the site (on_post_build);
        # Material's search plugin stays on for its header button and dialog (partials/search.html)
        page.meta["search"] = {"exclude": True}
        if uri in self.generated:
            html = raw_html(markdown)
            if html is not None:   # no Markdown to convert: on_page_content puts the HTML in
                self.raw[uri] = html
                return ""
        return markdown

    def on_page_content(self, html, page, config, files):
        return self.raw.pop(page.file.src_uri, html)

    def on_page_context(self, context, page, config, nav):
        if page.file.src_uri in self.generated:
            page.edit_url = None   # generated pages have no source file in docs/ (items have an edit link)
        return context

    def on_post_page(self, output, page, config):
        uri = page.file.src_uri
        output = csp.apply(output, page.content)
        if uri == itempages.SHELL_PATH:
            self.shell = itempages.Shell.from_page(output)
        elif uri not in self.generated or uri == "submit/index.md":
            # the docs' own pages and the submit page are searched with the items; lists are not
            document = searchdocs.page_document(self.register.settings.language, output)
            if document is not None:
                self.search_pages[page.file.dest_uri] = document
        return output

    def on_post_template(self, output_content, template_name, config):
        return csp.apply(output_content)   # 404.html: the theme's page, no content of ours

    def on_post_build(self, config):
        site = Path(config.site_dir)
        if self.shell is None:
            raise PluginError("the item page shell was not rendered")
        previous = self.previous
        with buildprofile.stage("item pages"):
            shutil.rmtree(site / Path(itempages.SHELL_PATH).parent, ignore_errors=True)
            previous.restore_items(site)
            shell = self.shell.digest()
            keys = {i: itempages.page_key(self.page_cache.key(v), shell, t) for i, t, v in self.items}
            jobs = [(i, t, v, keys[i]) for i, t, v in self.items]
            written = itempages.write_pages(self.shell, jobs, self.page_cache.render, site,
                                            lambda i, k: previous.current(i, k, site))
            previous.drop_pages(site, set(keys))
            buildprofile.note("item pages written", written)
            buildprofile.note("item pages kept", len(jobs) - written)
        with buildprofile.stage("listings"):
            base = (config.get("site_url") or "").rstrip("/")
            itempages.add_to_sitemap(site, [f"{base}/items/{i}/" for i, _, _ in self.items
                                            if itempages.SAFE_ID.fullmatch(i)], base)
        bundles: dict[str, str] = {}
        if self.config.search != "off":
            with buildprofile.stage("search index"):
                try:
                    bundles = self.search_index(site, previous.restore_search(site))
                except searchindex.SearchIndexError as exc:
                    raise PluginError(str(exc)) from exc
        previous.discard()
        record_output(site, self.cache, keys, bundles, previous.kept)
        self.page_cache.prune([v for _, _, v in self.items])
        buildprofile.end()

    def search_index(self, site: Path, present: dict[str, str]) -> dict[str, str]:
        """Pagefind's bundles (searchindex): the docs' pages, and the items in shards."""
        settings = self.register.settings
        language = searchdocs.index_language(settings.language)
        context = pagecache.settings_digest(self.register_dir)

        def document(v):
            return searchdocs.item_document(language, v.data, lambda d: settings.department_name(d, ""))

        bundles = [searchindex.page_bundle(self.search_pages, language),
                   *searchindex.item_bundles(self.view.items, self.digests, document, context)]
        placed = searchindex.build_bundles(site, bundles, language, self.cache, present)
        buildprofile.note("search bundles placed", sum(1 for b in bundles if present.get(b.name) != b.key))
        return placed

    def on_serve(self, server, config, builder):
        server.watch(str(self.register_dir))
        return server
