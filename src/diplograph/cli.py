"""The ``diplograph`` command line.

Exit codes: 0 = at least one article was processed (skipped inputs are reported on stderr);
1 = nothing could be processed; 2 = usage error (bad arguments, unknown model).

Publication dates (the anchor of relative dates such as "am Montag" and of the office-holder look-up), first
found wins: a record's own ``published`` field, then ``--published YYYY-MM-DD``, then a dateline or
timestamp near the start of the text (:mod:`diplograph.corpus.dateline`), then none (relative dates stay
unresolved; nothing is dated "today"). Each output record names the step in ``published_source``.

``extract`` resumes: if the output file exists, articles whose id is already in it are skipped, a torn
last line (from a killed run) is cut and redone, and the corpus-wide id pass runs over the whole file
again, so a resumed run ends with the same file as an uninterrupted one. ``--overwrite`` starts afresh.
It resumes only an output written from the same inputs, model and ``--published`` (a manifest beside it,
``OUTPUT.manifest.json``, says what from); any other existing output is refused (exit 2) rather than mixed.
A missing output directory is a usage error unless ``--mkdir`` creates it.
Every skipped input and every flagged article is reported on stderr with file, line and id, then a
summary line counts written, resumed, flagged and skipped articles.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from diplograph import __version__

EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2

EXTRACT_EXAMPLES = """examples:
  diplograph extract articles.jsonl --output records.jsonl
  diplograph extract corpus_dir/ more.jsonl --output records.jsonl --n-process 2
  cat articles.jsonl | diplograph extract - --output records.jsonl --quiet
  diplograph extract corpus_dir/ --output records.jsonl            (re-run after a crash: resumes)
  diplograph extract corpus_dir/ --output records.jsonl --overwrite
  diplograph extract corpus_dir/ --output runs/2025/records.jsonl --mkdir
  diplograph extract corpus_dir/ --output records.jsonl --dask tcp://scheduler:8786
  diplograph extract notes/ --output records.jsonl --published 2024-03-12   (date for inputs without one)

publication date of each article (anchors "am Montag" and who held which office), first found wins:
  1. the record's own "published" field
  2. --published YYYY-MM-DD
  3. a dateline or timestamp near the start of the text: "Berlin, 12. März 2024 (dpa) -",
     "12.03.2024 14:05", "Stand: 12.03.2024", "veröffentlicht am 12. März 2024"
  4. none: relative dates stay unresolved, nothing is dated "today"
  each output record names the step in "published_source" (record, argument, text or null)
"""

GRAPH_EXAMPLES = """examples:
  diplograph graph records.jsonl --output meetings.gexf
  diplograph graph corpus_dir/ --output meetings.graphml
  diplograph graph records.jsonl --output tables/      (nodes.csv and edges.csv)
  diplograph graph records.jsonl --output events.plover.jsonl   (one PLOVER event record per meeting)
  diplograph graph records.jsonl --output graph.html   (interactive view: one file, works offline)
  diplograph graph records.jsonl --update meetings.graphml   (builds it and keeps a state file beside it)
  diplograph graph new.jsonl --update meetings.graphml       (adds articles: only what they touch is redone)

outputs, by suffix: .graphml, .gexf (Gephi timeline), .json (node-link), .html (interactive view),
.plover.jsonl (PLOVER / CAMEO event records, docs/plover.md), or a directory for CSV (a path without a
suffix or ending in /); any other suffix is a usage error
"""

MAIN_EPILOG = """examples:
  diplograph extract data/articles.jsonl --output records.jsonl
  diplograph graph records.jsonl --output meetings.gexf        (open in Gephi; Window > Timeline)
  diplograph extract --help                                    (options and more examples)

exit codes: 0 ok (skipped inputs are reported), 1 nothing could be processed, 2 usage error
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="diplograph",
        description="German diplomatic news in, a graph of who met whom, where and when out.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=MAIN_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"diplograph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ext = sub.add_parser("extract", help="extract actors, places and meetings into a JSONL file",
                         description="Extract one prediction record per article (JSON Lines).",
                         epilog=EXTRACT_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    ext.add_argument("inputs", nargs="+", metavar="INPUT",
                     help=".jsonl / .json / .txt files, directories of them, or - for JSONL on stdin")
    ext.add_argument("-o", "--output", required=True, type=Path,
                     help="the JSONL file to write; if it exists, articles already in it are skipped (resume)")
    ext.add_argument("--overwrite", action="store_true",
                     help="start the output file afresh instead of resuming it (resuming needs the same "
                          "inputs, model and --published as the run that wrote it)")
    ext.add_argument("--mkdir", action="store_true", help="create the output's directory if it is missing")
    ext.add_argument("--dask", metavar="ADDRESS", default=None,
                     help="run on a dask.distributed scheduler (tcp://host:8786, a scheduler file *.json, "
                          "or 'local' for a local cluster of --n-process workers)")
    _common_options(ext)
    ext.set_defaults(func=run_extract)

    gra = sub.add_parser("graph", help="build the actor/meeting graph and write it for Gephi",
                         description="Build the graph from articles or from an extract JSONL file and write it.",
                         epilog=GRAPH_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    gra.add_argument("inputs", nargs="+", metavar="INPUT",
                     help="articles (as for extract) or extract JSONL files (records with a 'model' field)")
    gra.add_argument("-o", "--output", type=_graph_output, default=None,
                     help="file.graphml, file.gexf (Gephi timeline), file.json, file.html (interactive view), "
                          "file.plover.jsonl (PLOVER event records), or a directory for CSV tables (a path "
                          "without a suffix or ending in /); required unless --update is given")
    gra.add_argument("--update", metavar="GRAPH", type=_graph_output, default=None,
                     help="add the inputs to GRAPH and write it again (or to --output), with a state file beside "
                          "it (GRAPH.state.json.gz) for the next update; a GRAPH that does not exist yet is built. "
                          "Only what the new articles touch is resolved again; the ids are those of one build "
                          "over all articles in the order they were added")
    gra.add_argument("--mkdir", action="store_true", help="create the output's directory if it is missing")
    _common_options(gra)
    gra.set_defaults(func=run_graph)
    return parser


def _graph_output(value: str) -> str:
    """``graph --output``: a path :func:`diplograph.network.export.write_graph` can write, else a usage error naming
    the supported outputs. The string is kept as given (a trailing / means a directory)."""
    from diplograph.network.export import output_kind, supported_outputs

    if output_kind(value) is None:
        raise argparse.ArgumentTypeError(f"unknown output suffix {Path(value).suffix!r} in {value!r}: "
                                         f"use {supported_outputs()}")
    return value


def _missing_directory(output: Path, create: bool) -> bool:
    """True (and a message) when the directory that should hold ``output`` is missing and ``--mkdir`` was not
    given; with ``--mkdir`` it is created."""
    parent = output.parent
    if parent.is_dir():
        return False
    if create:
        parent.mkdir(parents=True, exist_ok=True)
        return False
    _say(f"the output directory {str(parent)!r} does not exist: create it, or pass --mkdir")
    return True


def _nothing_reason(inputs: list[str], articles: int, problems: int) -> str:
    """Why a run processed no article, for the exit-1 message."""
    if problems and not articles:
        return ("the only input was skipped (reason above)" if problems == 1
                else f"all {problems} inputs were skipped (reasons above)")
    names = ", ".join(inputs)
    return (f"no articles in {names} (empty input, or a directory without .jsonl, .json or .txt files; "
            "articles are JSON lines with a 'text' field)")


def _model_identity(resolved: str | Path) -> str:
    from diplograph.pipeline.loading import BUNDLED_NAME, BUNDLED_PATH

    if isinstance(resolved, Path):
        return BUNDLED_NAME if resolved.resolve() == BUNDLED_PATH.resolve() else str(resolved.resolve())
    return str(resolved)


def _check_resume(args: argparse.Namespace, manifest: dict) -> bool:
    """True when ``args.output`` may be written: it is new or empty, ``--overwrite`` was given, or its manifest
    says it was written from the same inputs and options. Otherwise a message, and False."""
    from diplograph.corpus.checkpoint import manifest_differences, manifest_path, read_manifest

    output: Path = args.output
    if output.is_dir():
        _say(f"the output {str(output)!r} is a directory; give a file such as {str(output / 'records.jsonl')!r}")
        return False
    if args.overwrite or not output.exists() or output.stat().st_size == 0:
        return True
    old = read_manifest(output)
    differences = manifest_differences(old, manifest)
    if not differences:
        return True
    if old is None:
        why = f"has no readable manifest ({manifest_path(output).name}) saying which inputs and options wrote it"
    else:
        why = f"was written from other inputs or options ({'; '.join(differences)})"
    _say(f"{output} exists and {why}, so it is not resumed. Pass --overwrite to replace it, or choose a new "
         "--output.")
    return False


def _published_date(value: str) -> str | None:
    """``--published``: a ``YYYY-MM-DD`` date, else a usage error naming the option and the value."""
    from diplograph.corpus.inputs import parse_published_argument

    try:
        return parse_published_argument(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from None


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--published", metavar="YYYY-MM-DD", type=_published_date, default=None,
                        help="publication date of the articles that have none of their own (.txt files, "
                             "records without 'published'); a record's own date wins, and without either "
                             "a dateline near the start of the text is used")
    parser.add_argument("--model", default="auto",
                        help="auto (default: de_core_news_lg > md > sm > bundled), bundled, a package or a path")
    parser.add_argument("--n-process", type=int, default=1,
                        help="processes for spaCy's nlp.pipe (default 1; the output is the same)")
    parser.add_argument("--batch-size", type=int, default=16, help="articles per batch (default 16)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")


def _progress(items: Iterator, quiet: bool, unit: str = "article") -> Iterator:
    if quiet or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, unit=unit, file=sys.stderr, dynamic_ncols=True)


def _say(message: str) -> None:
    print(f"diplograph: {message}", file=sys.stderr)


def _records(args: argparse.Namespace, articles: Iterator) -> Iterator:
    """Records from :func:`diplograph.corpus.runner.extract_records` (spaCy's ``nlp.pipe`` with ``--n-process``
    processes), or from a dask cluster with ``--dask ADDRESS``."""
    if args.dask:
        from diplograph.corpus.dask import connect, extract_distributed

        with connect(args.dask, n_workers=max(1, args.n_process)) as client:
            yield from extract_distributed(articles, client, model=args.model, batch_size=args.batch_size)
        return
    from diplograph.corpus.runner import extract_records

    yield from extract_records(articles, model=args.model, n_process=args.n_process, batch_size=args.batch_size)


def run_extract(args: argparse.Namespace) -> int:
    from diplograph.corpus.checkpoint import ResumePoint, make_manifest, resume_point, write_line, write_manifest
    from diplograph.corpus.inputs import Article, InputProblem, read_inputs
    from diplograph.pipeline.loading import ModelNotFoundError, resolve_model

    try:
        resolved = resolve_model(args.model)
    except ModelNotFoundError as err:
        _say(str(err))
        return EXIT_USAGE
    problems: list[InputProblem] = []
    sources: dict[str, str] = {}  # id -> "file:line" of the articles in flight (for messages)
    read = 0  # articles read from the inputs (resumed ones included)
    if _missing_directory(args.output, args.mkdir):
        return EXIT_USAGE
    manifest = make_manifest(args.inputs, _model_identity(resolved), args.published)
    if not _check_resume(args, manifest):
        return EXIT_USAGE
    write_manifest(args.output, manifest)
    point = ResumePoint() if args.overwrite else resume_point(args.output)
    if point.truncated_bytes:
        _say(f"resume: cut a torn or invalid last record ({point.truncated_bytes} bytes) from {args.output}")
    if point.records:
        _say(f"resume: {point.records} articles already in {args.output} are skipped (--overwrite to redo)")

    def articles() -> Iterator[Article]:
        nonlocal read
        for item in read_inputs(args.inputs, published=args.published):
            if isinstance(item, InputProblem):
                problems.append(item)
                _say(f"skipped: {item}")
                continue
            read += 1
            if item.id not in point.done:
                sources[item.id] = item.source
                yield item

    started = time.perf_counter()
    written = flagged = 0
    with args.output.open("w" if args.overwrite else "a", encoding="utf-8") as out:
        for record in _progress(_records(args, articles()), args.quiet):
            write_line(out, json.dumps(record.to_dict(), ensure_ascii=False))
            written += 1
            source = sources.pop(record.id, "?")
            if record.warnings:
                flagged += 1
                for warning in record.warnings:
                    _say(f"warning: {source} (id {record.id!r}): {warning}")
    if not written and not point.records:
        _say(f"nothing was processed: {_nothing_reason(args.inputs, read, len(problems))}")
        return EXIT_NOTHING
    from diplograph.network.resolve import assign_ids_file

    # second pass over all records: corpus-wide actor and event ids
    records = assign_ids_file(args.output)
    elapsed = time.perf_counter() - started
    if not args.quiet:
        from diplograph.corpus.summary import corpus_counts

        counts = corpus_counts(records)  # distinct actors and events of the whole output, as print(corpus)
        _say(f"{written} articles, {counts.actors} actors, {counts.events} events in {elapsed:.1f} s "
             f"({point.records} resumed, {flagged} flagged, {len(problems)} skipped) -> {args.output}")
    return EXIT_OK


def _is_prediction_file(path: Path) -> bool:
    """An extract JSONL: its first record has a "model" field and "actors"/"events" keys."""
    if not path.is_file() or path.suffix.lower() != ".jsonl":
        return False
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.strip():
                try:
                    data = json.loads(line)
                except json.JSONDecodeError:
                    return False
                return isinstance(data, dict) and "model" in data and ("actors" in data or "events" in data)
    return False


def run_graph(args: argparse.Namespace) -> int:
    from diplograph.network.export import PLOVER_RECORDS, output_kind
    from diplograph.records import DocRecord

    started = time.perf_counter()
    args.output = args.output or args.update
    if args.output is None:
        _say("graph needs --output (or --update GRAPH)")
        return EXIT_USAGE
    if _missing_directory(Path(args.output), args.mkdir):
        return EXIT_USAGE
    plover = output_kind(args.output) == PLOVER_RECORDS
    builder = None
    if args.update or not plover:
        builder = _graph_builder(args, plover)
        if builder is None:
            return EXIT_USAGE
    before = len(builder) if builder is not None else 0
    records: list[DocRecord] = []  # kept whole only for PLOVER records; a graph keeps summaries
    articles: list[str] = []
    problems = read = 0
    for raw in args.inputs:
        path = Path(raw)
        if _is_prediction_file(path):
            if builder is not None:
                builder.add_jsonl(path)
                continue
            with path.open(encoding="utf-8") as fh:
                records += [DocRecord.from_dict(json.loads(line)) for line in fh if line.strip()]
        else:
            articles.append(raw)
    if articles:
        from diplograph.corpus.inputs import Article, read_inputs
        from diplograph.corpus.runner import extract_records
        from diplograph.pipeline.loading import ModelNotFoundError, resolve_model

        try:
            resolve_model(args.model)
        except ModelNotFoundError as err:
            _say(str(err))
            return EXIT_USAGE
        def items() -> Iterator[Article]:
            nonlocal problems, read
            for item in read_inputs(articles, published=args.published):
                if isinstance(item, Article):
                    read += 1
                    yield item
                else:
                    problems += 1
                    _say(f"skipped: {item}")

        extracted = _progress(extract_records(items(), model=args.model, n_process=args.n_process,
                                              batch_size=args.batch_size), args.quiet)
        if builder is not None:
            builder.add(extracted)
        else:
            records += list(extracted)
    count = len(builder) - before if builder is not None else len(records)
    if not count:
        _say(f"nothing to build a graph from: {_nothing_reason(args.inputs, read, problems)}")
        return EXIT_NOTHING
    if plover:  # event records, written from the records themselves
        from diplograph.network.plover import write_plover

        meetings = write_plover(records, args.output)
        if not args.quiet:
            _say(f"{len(records)} articles -> {meetings} PLOVER event records in "
                 f"{time.perf_counter() - started:.1f} s -> {args.output}")
        return EXIT_OK
    from diplograph.network.builder import state_path

    # the state for the next --update: kept where one was asked for, and kept in step where there is one already
    keep = bool(args.update) or state_path(args.output).is_file()
    written = builder.write(args.output, state=keep, final=True)  # type: ignore[union-attr]
    total = len(builder)  # type: ignore[arg-type]
    builder.close()  # type: ignore[union-attr]  # freed now, not by the collector at exit (seconds for 100k)
    if not args.quiet:  # actors and meetings counted as print(corpus) counts them (diplograph.corpus.summary)
        done = f"{count} new articles ({total} in all)" if before else f"{count} articles"
        _say(f"{done} -> {written.actors} actors, {written.meetings} meetings, "
             f"{written.edges} edges in {time.perf_counter() - started:.1f} s -> {args.output}")
    return EXIT_OK


def _graph_builder(args: argparse.Namespace, plover: bool):
    """A new :class:`~diplograph.network.builder.GraphBuilder`, or with ``--update`` the one saved beside that graph;
    None (and a message) when that cannot be."""
    from diplograph.network.builder import GraphBuilder, state_path

    if not args.update:
        return GraphBuilder()
    state = state_path(args.update)
    if plover:
        _say("--update adds to a graph; PLOVER records are written from the records: give all of them instead")
        return None
    if not state.is_file():
        if not Path(args.update).exists():
            return GraphBuilder()  # the first build of a graph that is to be updated
        _say(f"no state file {str(state)!r} beside {str(args.update)!r}: it was not built with --update; build it "
             f"once with --update {args.update} (from all its records), then add to it")
        return None
    try:
        return GraphBuilder.load(state)
    except (ValueError, OSError) as err:
        _say(f"cannot update {str(args.update)!r}: {err}")
        return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "n_process", 1) < 1:
        parser.error("--n-process must be >= 1")
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
