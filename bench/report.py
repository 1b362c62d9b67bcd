"""BENCHMARKS.md, written from the figures the harness collected."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

#: adhocracy+ on the same kind of machine (issue 7): what Consult is compared with.
PEER = {"comments page": 1.1, "comments page, signed in": 1.7, "vote": 0.021, "idea list": 0.067}


@dataclass
class Results:
    quick: bool
    sizes: dict
    machine: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
    load_seconds: float = 0.0
    sqlite_load_seconds: float = 0.0
    queries: dict = field(default_factory=dict)
    sqlite_queries: dict = field(default_factory=dict)
    latency: dict = field(default_factory=dict)
    sqlite_latency: dict = field(default_factory=dict)
    page_weight: dict = field(default_factory=dict)
    votes: dict = field(default_factory=dict)
    baseline: dict = field(default_factory=dict)
    #: Signed-in POSTs (bench/floor_app.py): "result" does nothing, the layers a vote passes
    #: alone; "with insert" then does the baseline's INSERT, the least any vote could do.
    floor: dict = field(default_factory=dict)
    settings: list = field(default_factory=list)
    exports: list = field(default_factory=list)
    summary_cold: dict = field(default_factory=dict)
    summary_warm: object = None
    total_seconds: float = 0.0


#: A hand-kept section of BENCHMARKS.md that a new run carries over unchanged.
CARRIED = "## Figures behind design choices"


def carried(previous):
    """The CARRIED section of the previous BENCHMARKS.md text, to append to a new one."""
    start = previous.find(CARRIED)
    if start < 0:
        return ""
    end = previous.find("\n## ", start + len(CARRIED))
    return "\n" + previous[start:end if end >= 0 else None].rstrip() + "\n"


def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _sizes(sizes):
    return ", ".join(f"{value:,} {name}" for name, value in sizes.items())


def _queries(counts, slugs):
    lines = ["| page | who | " + " | ".join(slugs) + " | grows? |", "|---|---|" + "---|" * (len(slugs) + 1)]
    for (page, who), by_slug in counts.items():
        values = [by_slug.get(slug) for slug in slugs]
        lines.append(f"| {page} | {who} | " + " | ".join(str(v) for v in values)
                     + f" | {'**yes**' if values[-1] > values[0] else 'no'} |")
    return lines


def _latency(latency):
    lines = ["| page | who | p50 | p95 | HTML |", "|---|---|---|---|---|"]
    for (page, who), series in latency.items():
        lines.append(f"| {page} | {who} | {ms(series.p50)} | {ms(series.p95)} | {series.size / 1024:.0f} KB |")
    return lines


def render(r):
    large = r.sizes["large"]
    label = "QUICK SIZE (development figures, a tenth of the issue's sizes)" if r.quick else "full size"
    out = [
        "# Benchmarks", "",
        f"Written by `make bench{' ARGS=--quick' if r.quick else ''}` (bench/run.py) on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {label}; the whole run took {r.total_seconds:.0f} s. "
        "Figures are medians (p50) and 95th percentiles (p95) of repeated runs. The machine is shared "
        "with other work, so these are upper bounds.", "",
        "## Machine", "",
        *[f"- {name}: {value}" for name, value in r.machine.items()], "",
        "## Data", "",
        f"One large consultation on PostgreSQL ({_sizes(large)}), loaded by "
        f"`flask --app consult seed-scale` in **{r.load_seconds:.0f} s** (COPY, counters computed in SQL "
        "afterwards, foreign keys checked once at the end); next to it a medium one "
        f"({_sizes(r.sizes['medium'])}), one of 100 contributions ({_sizes(r.sizes['tiny'])}) and one "
        f"with a single idea. SQLite holds a medium one, loaded in {r.sqlite_load_seconds:.0f} s.", "",
        *[f"- {name}: {value:,}" for name, value in r.rows.items()], "",
        "## SQL queries per request", "",
        "Counted in-process (an SQLAlchemy event on the harness's app, production config), second "
        "request of each page. Target: as many at 100k contributions as at 100, at most 15 on public pages.", "",
        *_queries(r.queries, ["bench-tiny", "bench"]), "",
        "SQLite, medium consultation against 100 contributions:", "",
        *_queries(r.sqlite_queries, ["bench-tiny", "bench"]), "",
        "## Latency under gunicorn (gunicorn.conf.py, 2 workers)", "",
        "One client, keep-alive, after three unmeasured requests. PostgreSQL, large consultation. The "
        "consultation page shows the first 20 ideas and the first 20 comments with all their replies; "
        "the idea page is the one with the most comments (1,000 or more at full size).", "",
        *_latency(r.latency), "",
    ]
    page = r.latency.get(("consultation page", "visitor"))
    signed = r.latency.get(("consultation page", "citizen"))
    if page and signed:
        out += [f"Against adhocracy+ (a page of 20 comments with replies: 1.1 s, 1.7 s signed in): "
                f"{PEER['comments page'] / page.p50:.0f}x faster signed out, "
                f"{PEER['comments page, signed in'] / signed.p50:.0f}x signed in (target: 20x).", ""]
    out += ["SQLite, medium consultation:", "", *_latency(r.sqlite_latency), ""]
    out += _votes(r) + _settings(r) + _exports(r) + _summary(r) + _weight(r)
    return "\n".join(out) + "\n"


def _votes(r):
    if not r.votes:
        return []
    vote, base = r.votes["result"], r.baseline["result"]
    floor, least = r.floor.get("result"), r.floor.get("with insert")
    share = vote.per_second / base.per_second if base.per_second else 0
    endpoints = [("vote", vote), ("signed-in POST doing nothing", floor),
                 ("signed-in POST doing the bare INSERT", least), ("bare INSERT", base)]
    inserted = base.done + (least.done if least else 0)
    return [
        "## Vote throughput", "",
        f"{r.votes['clients']} concurrent clients for {vote.seconds:.0f} s in all, each request a different "
        "signed-in participant (session cookie, CSRF token, htmx partial) agreeing, disagreeing or "
        "withdrawing on a published idea: a real write through the vote service. The baseline is "
        "bench/baseline.py, one INSERT per POST, on the same gunicorn settings and database. The "
        f"endpoints are measured in turns ({r.votes.get('rounds', 1)} rounds, each endpoint for a "
        "few seconds per round, all servers running throughout), so that the machine's drift "
        "over the minutes weighs on each alike.", "",
        "| endpoint | requests/s | p50 | p95 | failed |", "|---|---|---|---|---|",
        *(f"| {name} | {result.per_second:.0f} | {ms_series(result.times, 0.5)} | "
          f"{ms_series(result.times, 0.95)} | {result.failed} |" for name, result in endpoints if result),
        "",
        f"Votes reach **{share:.0%}** of the baseline (target: 50%). Afterwards "
        f"{r.votes['mismatched ideas']} ideas had counters different from their votes (target: 0); the "
        f"baseline table gained {r.baseline['rows']} rows for {inserted} answered INSERTs. "
        f"adhocracy+ takes {ms(PEER['vote'])} for one vote.", "",
        *([f"The two signed-in POSTs are bench/floor_app.py: Consult's app with routes behind the "
           f"layers a vote passes before its own work (session, the person's row, CSRF, the vote's "
           f"rate limit, headers). The first then answers at once: those layers alone reach "
           f"{floor.per_second / base.per_second:.0%} of the baseline. The second then does the "
           f"baseline's own INSERT and commits, the least any vote could do: it reaches "
           f"{least.per_second / base.per_second:.0%} of the baseline, and a vote reaches "
           f"{vote.per_second / least.per_second:.0%} of it.", ""] if floor and least else [])]


def ms_series(times, share):
    from bench.probe import percentile

    return ms(percentile(times, share)) if times else "-"


def _settings(r):
    if not r.settings:
        return []
    lines = ["## Gunicorn workers and threads", "",
             "The consultation page (large consultation, signed out), 8 clients in parallel for 6 s, "
             "under each setting:", "", "| workers | threads | requests/s | p50 | p95 |", "|---|---|---|---|---|"]
    for workers, threads, result in r.settings:
        lines.append(f"| {workers} | {threads} | {result.per_second:.0f} | {ms_series(result.times, 0.5)} | "
                     f"{ms_series(result.times, 0.95)} |")
    best = max(r.settings, key=lambda setting: setting[2].per_second)
    return lines + ["", f"Most requests per second here: {best[0]} workers of {best[1]} threads. A page spends "
                    "part of its time waiting on PostgreSQL, which threads overlap; processes beyond the "
                    "cores only add switching and memory (each worker holds the app, see the exports' "
                    "first row). gunicorn.conf.py's defaults (2 x cores + 1 workers, 4 threads) are the "
                    "third line; WEB_CONCURRENCY and GUNICORN_THREADS change them per host.", ""]


def _exports(r):
    if not r.exports:
        return []
    copies = {(e["slug"], e["dataset"]): e for e in r.exports if e["kind"] == "copy"}
    lines = ["## Exports", "",
             "Downloaded as a designer does, from gunicorn (production config, one worker, started "
             "beforehand, so nothing here is the app's start-up), each read to its end; the first "
             "download of each consultation, which may compute its themes, is made once beforehand and "
             "shown in the first-byte column's note. Peak memory is the worker's resident memory at its "
             "highest during the download (polled from /proc), with its growth over the worker's memory "
             "just before. COPY is PostgreSQL's own `COPY (…) TO STDOUT CSV` of the very query the export "
             "runs (same rows, joins and timestamp formatting, account ids where the export writes "
             "pseudonyms), read by a client to its end: the export's time is also given as a multiple of "
             "it (target: 5x). On a shared machine wall times follow the load, so CPU seconds are given too: "
             "the worker's for an export, the PostgreSQL backend's for COPY; the CPU multiple counts the "
             "export's own backend as costing what COPY's does (the same query, less the CSV).", "",
             "| consultation | rows | format | p50 | p95 | rows/s | x COPY | CPU (x COPY) | first byte | "
             "peak memory (growth) | file |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for e in r.exports:
        if e["kind"] == "cli":
            continue
        what = f"{e['rows']:,} {e['dataset']}"
        size = f"{e['bytes'] / 2**20:.1f} MiB"
        if e["kind"] == "copy":
            lines.append(f"| {e['slug']} | {what} | COPY to CSV | {ms(e['seconds'].p50)} | {ms(e['seconds'].p95)} | "
                         f"{e['rows'] / e['seconds'].p50:,.0f} | 1 | {ms(e['cpu'].p50)} | - | (server side) | {size} |")
            continue
        memory = f"{e['memory']:.0f} MiB (+{e['growth']:.0f})"
        if e["seconds"] is None:
            lines.append(f"| {e['slug']} | {what} | {e['format']} | stopped after {e['timeout']} s | - | "
                         f"under {e['rows'] / e['timeout']:,.0f} | - | - | - | {memory} | - |")
            continue
        copy = copies.get((e["slug"], e["dataset"]))
        ratio, cpu = "-", ms(e["cpu"].p50)
        if copy and e["format"] == "csv":
            ratio = f"{e['seconds'].p50 / copy['seconds'].p50:.1f}"
            if copy["cpu"].p50:
                cpu += f" ({(e['cpu'].p50 + copy['cpu'].p50) / copy['cpu'].p50:.1f})"
        first = ms(e["first byte"].p50)
        if e.get("first download") is not None:
            first += f" (first download: {ms(e['first download'])})"
        lines.append(f"| {e['slug']} | {what} | {e['format']} | {ms(e['seconds'].p50)} | {ms(e['seconds'].p95)} | "
                     f"{e['rows'] / e['seconds'].p50:,.0f} | {ratio} | {cpu} | {first} | {memory} | {size} |")
    cli = [e for e in r.exports if e["kind"] == "cli"]
    if cli:
        idle = cli[0]["seconds"].p50
        lines += ["", "`flask --app consult export <slug> --format csv --output FILE` in a child process, "
                  "against the app started doing nothing; peak memory is the child's own high-water mark "
                  "(VmHWM). What the export itself takes is the difference.", "",
                  "| consultation | contributions | whole command p50 | of which start-up | export | peak memory |",
                  "|---|---|---|---|---|---|"]
        for e in cli:
            if e["seconds"] is None:
                lines.append(f"| {e['slug']} | {e['rows']:,} | stopped after {e['timeout']} s | {ms(idle)} | - | "
                             f"{e['memory']:.0f} MiB |")
                continue
            alone = "-" if e["slug"] == "-" else ms(max(0.0, e["seconds"].p50 - idle))
            lines.append(f"| {e['slug']} | {e['rows']:,} | {ms(e['seconds'].p50)} | {ms(idle)} | {alone} | "
                         f"{e['memory']:.0f} MiB |")
    return lines + ["", "adhocracy+ exports 10,000 comments in 28 s, its worker growing by 108 MiB.", ""]


def _summary(r):
    cold = r.summary_cold
    if not cold:
        return []
    lines = ["## Summary dashboard", "",
             f"/manage/consultations/bench/summary as a designer of the lead organisation, large consultation. "
             f"Cold (nothing cached, in-process, one request): **{ms(cold['seconds'])}**, {cold['queries']} "
             f"queries, status {cold['status']} (target: under 60 s)."]
    if isinstance(r.summary_warm, str):
        lines.append(f"Warm under gunicorn: not measured, {r.summary_warm}.")
    elif r.summary_warm is not None:
        lines.append(f"Warm (cached) under gunicorn: p50 {ms(r.summary_warm.p50)}, p95 {ms(r.summary_warm.p95)}.")
    return lines + [""]


def _weight(r):
    if not r.page_weight:
        return []
    raw = sum(size for size, _gz in r.page_weight.values())
    zipped = sum(gz for _size, gz in r.page_weight.values())
    lines = ["## Page weight", "", "The consultation page of a consultation with one idea and nothing else, "
             "with the CSS and JavaScript it loads (no images are loaded):", "",
             "| file | bytes | gzipped |", "|---|---|---|"]
    lines += [f"| {name} | {size / 1024:.1f} KB | {gz / 1024:.1f} KB |" for name, (size, gz) in r.page_weight.items()]
    return lines + [f"| **total** | **{raw / 1024:.1f} KB** | **{zipped / 1024:.1f} KB** |", ""]
