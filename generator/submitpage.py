"""The submit page (``/submit/``): a form for staff who do not use git, and what happens after it.

The page is built here (no MkDocs import); ``site_theme/assets/fbr/submit.js`` makes the form
work in the browser: it checks the fields against the same rules as ``fbreg validate`` where that
is cheap, writes the item file exactly as ``fbreg new`` would (field order, the next id, the
folder of the month of receipt, ``received`` with the register's UTC offset), and hands it to the
repository's "new file" page (GitHub, Gitea/Forgejo: pre-filled) or offers it to copy and download.

Everything from the register (labels, department names, the repository address) is untrusted:
text goes into the page through ``esc``; the script's configuration is JSON inside
``<script type="application/json">`` with ``<``, ``>`` and ``&`` written as ``\\u003c`` etc., so
nothing in it can close the script element or be read as markup.
"""
from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

from . import schemas
from .hosting import host_kind
from .validate import ID_FORM

SCRIPT = "assets/fbr/submit.js"
CONFIG_ID = "fbr-submit-config"
_SAFE_URL = "/:@!$'()*+,;=-._~%"   # kept as they are in the repository's address
# The script's own words (labels ``submit_<key>``), with {placeholders} it fills in.
SCRIPT_MESSAGES = ("host_unknown", "opened", "open_link", "long_url", "paste_link", "paste_note", "manual_note",
                   "copied", "copy_failed", "id_note", "path", "status_will", "received_iso", "errors",
                   "err_required", "err_choose", "err_short", "err_long", "err_option", "err_received", "err_future",
                   "err_ref_pattern", "err_ref_phone", "err_ref_email", "err_tags_many", "err_tag_long", "err_id")


def repository_target(repository: str | None, branch: str | None) -> dict:
    """How the browser hands the new file to the repository's host.

    ``kind`` is ``github`` or ``gitea`` (a "new file" page that takes the name and the content in
    its address: ``filename`` and ``value``), ``gitlab`` (its new-file page for the folder; the
    content is pasted: GitLab's own query parameters for this are not documented) or ``""``
    (unknown host, or none: copy and download only). ``template`` holds ``{path}`` (the file's
    path, query-encoded), ``{dir}``/``{file}`` (its folder, path-encoded, and its name) and
    ``{value}`` (the content, query-encoded)."""
    if not repository or urlsplit(repository).scheme != "https" or not urlsplit(repository).netloc:
        return {"kind": "", "name": "", "template": ""}
    # Braces in the configured address would read as placeholders: encode them (and anything unsafe).
    base = quote(repository.strip().rstrip("/").removesuffix(".git"), safe=_SAFE_URL)
    ref = quote(branch or "main", safe="/-._~")
    host, kind = urlsplit(base).netloc.lower(), host_kind(base)
    if kind == "github":
        return {"kind": "github", "name": "GitHub",
                "template": f"{base}/new/{ref}?filename={{path}}&value={{value}}"}
    if kind == "gitea":
        name = "Codeberg" if "codeberg" in host else ("Forgejo" if "forgejo" in host else "Gitea")
        return {"kind": "gitea", "name": name,
                "template": f"{base}/_new/{ref}/{{dir}}/?filename={{file}}&value={{value}}"}
    if kind == "gitlab":
        return {"kind": "gitlab", "name": "GitLab", "template": f"{base}/-/new/{ref}/{{dir}}"}
    return {"kind": "", "name": host, "template": ""}


def highest_ids(view) -> dict[str, int]:
    """``{year: highest number}`` of the register's ids with its prefix (as ``fbreg new`` counts)."""
    prefix, highest = view.settings.id_prefix, {}
    for v in view.items:
        for candidate in (v.id, PurePosixPath(v.source).stem if v.source else ""):
            match = ID_FORM.fullmatch(candidate or "")
            if match and match.group(1) == prefix:
                year = match.group(2)
                highest[year] = max(highest.get(year, 0), int(match.group(3)))
    return dict(sorted(highest.items()))


def items_dir(view) -> str:
    """The items folder relative to the repository root (``register/items``), from the items' files."""
    for v in view.items:
        parts = PurePosixPath(v.source).parts if v.source else ()
        if len(parts) >= 4 and parts[-4] == "items":
            return "/".join(parts[:-3])
    return "register/items"


def script_json(data) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` (so no ``</script>`` or
    ``<!--``), and the line separators JavaScript once treated as line ends escaped too."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


class SubmitPage:
    """``pages`` is a :class:`generator.pages.Pages` (labels, department names, escaping)."""

    def __init__(self, pages) -> None:
        self.p = pages
        self.t = pages.t
        self.s = pages.s
        self.esc = pages.esc
        self.target = repository_target(self.s.repository, self.s.branch)
        props = schemas.load_schema("item")["properties"]
        reporter = props["reporter"]["properties"]
        self.limits = {
            "title_min": props["title"].get("minLength", 1), "title_max": props["title"].get("maxLength", 200),
            "description_max": props["description"].get("maxLength", 20000),
            "location_max": props["location"].get("maxLength", 200),
            "ref_max": reporter["ref"].get("maxLength", 64), "ref_pattern": reporter["ref"].get("pattern", ""),
            "tag_max": props["tags"]["items"].get("maxLength", 40), "tags_max": props["tags"].get("maxItems", 20),
        }
        self.reporter_types = list(reporter["type"].get("enum", []))

    # -- pieces
    def fill(self, key: str, **values: str) -> str:
        """A label, escaped, with ``{name}`` placeholders replaced by already-safe HTML. (Not
        ``str.format``: a label from register.yaml may hold braces of its own.)"""
        return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), self.esc(self.t(key)))

    def options(self) -> dict[str, list[tuple[str, str]]]:
        t, s = self.t, self.s
        return {
            "category": [(c, t(c)) for c in s.categories],
            "channel": [(c, t(c)) for c in s.channels],
            "severity": [(c, t(c)) for c in s.severities],
            "department": [(d, self.p.dept(d)) for d in s.departments],
            "reporter_type": [(r, t(f"reporter_{r}")) for r in self.reporter_types],
        }

    def config(self) -> dict:
        t = self.t
        messages = {k: t(f"submit_{k}") for k in SCRIPT_MESSAGES}
        messages.update({k: t(k) for k in ("new", "assigned")})
        names = {"title": t("title"), "description": t("description"), "category": t("category"),
                 "severity": t("severity"), "channel": t("channel"), "received": t("received"),
                 "location": t("location"), "reporter_type": t("submit_reporter_type"), "ref": t("reference"),
                 "department": t("department"), "tags": t("tags")}
        return {
            "language": self.s.language, "prefix": self.s.id_prefix, "timezone": self.s.timezone,
            "items_dir": items_dir(self.p.view), "highest": highest_ids(self.p.view),
            "as_of": self.p.view.as_of.isoformat(),
            "repository": self.s.repository or "", "branch": self.s.branch or "main", "host": self.target,
            "limits": self.limits,
            "options": {k: [list(o) for o in v] for k, v in self.options().items()},
            "fields": names, "messages": messages,
        }

    def field(self, name: str, label: str, control: str, hint: str = "", required: bool = False) -> str:
        esc, fid = self.esc, f"fbr-f-{name}"
        req = f' <span class="fbr-req">{esc(self.t("submit_required"))}</span>' if required else ""
        hint_html = f'<p class="fbr-hint" id="{fid}-hint">{hint}</p>' if hint else ""
        return (f'<div class="fbr-field" data-field="{name}">'
                f'<label for="{fid}">{esc(label)}{req}</label>{control}{hint_html}'
                f'<p class="fbr-error" id="{fid}-error" hidden></p></div>')

    def select(self, name: str, options: list[tuple[str, str]], empty: str, required: bool) -> str:
        esc, fid = self.esc, f"fbr-f-{name}"
        opts = f'<option value="">{esc(empty)}</option>' + "".join(
            f'<option value="{esc(code)}">{esc(label)}</option>' for code, label in options)
        attrs = ' required aria-required="true"' if required else ""
        return f'<select id="{fid}" name="{name}" aria-describedby="{fid}-hint"{attrs}>{opts}</select>'

    def input(self, name: str, kind: str = "text", required: bool = False, extra: str = "") -> str:
        fid = f"fbr-f-{name}"
        attrs = ' required aria-required="true"' if required else ""
        return (f'<input id="{fid}" name="{name}" type="{kind}" autocomplete="off" '
                f'aria-describedby="{fid}-hint"{attrs}{extra}>')

    def form(self) -> str:
        t, esc, fill, lim = self.t, self.esc, self.fill, self.limits
        o = self.options()
        n = lambda v: esc(str(v))  # noqa: E731 - numbers into labels
        choose, blank = t("submit_choose"), t("submit_not_recorded")
        what = [
            self.field("title", t("title"), self.input("title", required=True),
                       fill("submit_hint_title", max=n(lim["title_max"])), True),
            self.field("description", t("description"),
                       '<textarea id="fbr-f-description" name="description" rows="7" required aria-required="true" '
                       'aria-describedby="fbr-f-description-hint"></textarea>', fill("submit_hint_description"), True),
            self.field("category", t("category"), self.select("category", o["category"], choose, True),
                       fill("submit_hint_category"), True),
            self.field("severity", t("severity"), self.select("severity", o["severity"], choose, True),
                       fill("submit_hint_severity"), True),
        ]
        how = [
            self.field("channel", t("channel"), self.select("channel", o["channel"], choose, True),
                       fill("submit_hint_channel"), True),
            self.field("received", f'{t("received")} ({self.s.timezone})',
                       self.input("received", "datetime-local", True, ' step="60"'),
                       fill("submit_hint_received", tz=esc(self.s.timezone))
                       + ' <output class="fbr-received-iso" id="fbr-f-received-iso"></output>', True),
            self.field("location", t("location"), self.input("location"), fill("submit_hint_location")),
        ]
        who = [
            self.field("reporter_type", t("submit_reporter_type"),
                       self.select("reporter_type", o["reporter_type"], blank, False), fill("submit_hint_reporter_type")),
            '<div class="fbr-field fbr-check" data-field="anonymous">'
            '<input id="fbr-f-anonymous" name="anonymous" type="checkbox" aria-describedby="fbr-f-anonymous-hint">'
            f'<label for="fbr-f-anonymous">{esc(t("submit_anonymous"))}</label>'
            f'<p class="fbr-hint" id="fbr-f-anonymous-hint">{fill("submit_hint_anonymous")}</p></div>',
            self.field("ref", t("reference"), self.input("ref", extra=' spellcheck="false"'),
                       f'<strong class="fbr-warn">{fill("submit_hint_ref")}</strong>'),
        ]
        handling = [
            self.field("department", t("department"),
                       self.select("department", o["department"], t("submit_no_department"), False),
                       fill("submit_hint_department", new=esc(t("new")), assigned=esc(t("assigned")))
                       + ' <output class="fbr-status-will" id="fbr-f-status"></output>'),
            self.field("tags", t("tags"), self.input("tags"), fill("submit_hint_tags", max=n(lim["tags_max"]))),
        ]
        sets = [("submit_sec_feedback", what), ("submit_sec_receipt", how), ("submit_sec_reporter", who),
                ("submit_sec_handling", handling)]
        fieldsets = "\n".join(f'<fieldset class="fbr-fieldset"><legend>{esc(t(k))}</legend>\n' + "\n".join(f)
                              + "\n</fieldset>" for k, f in sets)
        return (f'<form class="fbr-submit" id="fbr-submit-form" hidden novalidate aria-labelledby="fbr-submit-h" '
                f'data-search-exclude>\n'
                f'<h2 id="fbr-submit-h">{esc(t("submit_form"))}</h2>\n'
                '<div class="fbr-error-summary" id="fbr-submit-errors" role="alert" tabindex="-1" hidden></div>\n'
                f"{fieldsets}\n"
                '<div class="fbr-submit-actions">'
                f'<button type="submit" class="md-button md-button--primary" id="fbr-submit-go">'
                f'{esc(t("submit_button"))}</button></div>\n'
                '<section class="fbr-submit-result" id="fbr-submit-result" hidden aria-live="polite">'
                f'<h3>{esc(t("submit_result"))}</h3>'
                '<p id="fbr-submit-opened"></p>'
                '<p><a id="fbr-submit-link" class="md-button md-button--primary" target="_blank" '
                'rel="noopener noreferrer" hidden></a></p>'
                '<p class="fbr-submit-copy">'
                f'<button type="button" class="md-button" id="fbr-submit-copy">{esc(t("submit_copy"))}</button> '
                f'<button type="button" class="md-button" id="fbr-submit-download">{esc(t("submit_download"))}</button> '
                '<output id="fbr-submit-copied" aria-live="polite"></output></p>'
                '<p id="fbr-submit-manual"></p>'
                '<p id="fbr-submit-id-note"></p>'
                "</section>\n"
                '<div class="fbr-field fbr-preview">'
                f'<label for="fbr-submit-preview">{esc(t("submit_preview"))}</label>'
                '<p class="fbr-hint" id="fbr-submit-path"></p>'
                '<textarea id="fbr-submit-preview" readonly rows="14" spellcheck="false" '
                'aria-describedby="fbr-submit-path"></textarea></div>\n'
                "</form>")

    def next_steps(self) -> str:
        t, esc, fill = self.t, self.esc, self.fill
        kind, name = self.target["kind"], self.target["name"]
        host = esc(name or t("submit_host_unknown"))
        folder = f"<code>{esc(items_dir(self.p.view))}/YYYY/MM/</code>"
        first = ("submit_step_prefilled" if kind in ("github", "gitea") else
                 "submit_step_paste" if kind == "gitlab" else "submit_step_manual")
        steps = [fill(first, host=host, folder=folder), fill("submit_step_pr", host=host), fill("submit_step_ci"),
                 fill("submit_step_review"), fill("submit_step_site")]
        command = f"<code>fbreg renumber {esc(self.s.id_prefix)}-YYYY-NNNN --base origin/{esc(self.s.branch or 'main')}</code>"
        fixes = [fill("submit_fix_details"), fill("submit_fix_edit", host=host), fill("submit_fix_id", command=command),
                 fill("submit_fix_late")]
        return (f'<section class="fbr-submit-next" aria-labelledby="fbr-next-h">'
                f'<h2 id="fbr-next-h">{esc(t("submit_next"))}</h2>\n'
                "<ol>" + "".join(f"<li>{s}</li>" for s in steps) + "</ol>\n"
                f'<h3>{esc(t("submit_fix"))}</h3>\n'
                "<ul>" + "".join(f"<li>{f}</li>" for f in fixes) + "</ul></section>")

    def render(self, prefix: str = "../") -> str:
        t, esc, fill = self.t, self.esc, self.fill
        fields_link = f'<a href="{prefix}fields/">{esc(t("fields"))}</a>'
        return "\n".join([
            f"<h1>{esc(t('submit'))}</h1>", "",
            f'<p class="fbr-submit-intro">{fill("submit_intro")}</p>', "",
            f'<p class="fbr-submit-fields">{fill("submit_fields", link=fields_link)}</p>', "",
            f'<p class="fbr-submit-privacy"><strong>{fill("submit_privacy")}</strong></p>', "",
            f'<p class="fbr-submit-nojs" id="fbr-submit-nojs">{fill("submit_needs_js", command="<code>fbreg new</code>")}</p>',
            "", self.form(), "", self.next_steps(), "",
            f'<script type="application/json" id="{CONFIG_ID}">{script_json(self.config())}</script>', "",
            f'<script src="{prefix}{SCRIPT}" defer></script>', "",
        ])


def submit_page(pages) -> str:
    """The page ``submit/index.md`` (raw HTML blocks, which Markdown leaves alone)."""
    return SubmitPage(pages).render()
