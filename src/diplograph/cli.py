"""The ``diplograph`` command line.

Exit codes: 0 = at least one article was processed (skipped inputs are reported on stderr);
1 = nothing could be processed; 2 = usage error (bad arguments, unknown model).

``extract`` resumes: if the output file exists, articles whose id is already in it are skipped, a torn
last line (from a killed run) is cut and redone, and the corpus-wide id pass runs over the whole file
again, so a resumed run ends with the same file as an uninterrupted one. ``--overwrite`` starts afresh.
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
  diplograph extract corpus_dir/ --output records.jsonl --dask tcp://scheduler:8786
"""

GRAPH_EXAMPLES = """examples:
  diplograph graph records.jsonl --output meetings.gexf
  diplograph graph corpus_dir/ --output meetings.graphml
  diplograph graph records.jsonl --output tables/      (nodes.csv and edges.csv)
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
                     help="start the output file afresh instead of resuming it")
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
    gra.add_argument("-o", "--output", required=True, type=Path,
                     help="file.graphml, file.gexf (Gephi timeline), file.json, or a directory for CSV tables")
    _common_options(gra)
    gra.set_defaults(func=run_graph)
    return parser


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default="auto",
                        help="auto (default: de_core_news_lg > md > sm > bundled), bundled, a package or a path")
    parser.add_argument("--n-process", type=int, default=1, help="worker processes (default 1)")
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
    """Records from the local process pool, or from a dask cluster with ``--dask ADDRESS``."""
    if args.dask:
        from diplograph.dask import connect, extract_distributed

        with connect(args.dask, n_workers=max(1, args.n_process)) as client:
            yield from extract_distributed(articles, client, model=args.model, batch_size=args.batch_size)
        return
    from diplograph.corpus import extract_records

    yield from extract_records(articles, model=args.model, n_process=args.n_process, batch_size=args.batch_size)


def run_extract(args: argparse.Namespace) -> int:
    from diplograph.checkpoint import ResumePoint, resume_point, write_line
    from diplograph.inputs import Article, InputProblem, read_inputs
    from diplograph.pipeline import ModelNotFoundError, resolve_model

    try:
        resolve_model(args.model)
    except ModelNotFoundError as err:
        _say(str(err))
        return EXIT_USAGE
    problems: list[InputProblem] = []
    sources: dict[str, str] = {}  # id -> "file:line" of the articles in flight (for messages)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    point = ResumePoint() if args.overwrite else resume_point(args.output)
    if point.truncated_bytes:
        _say(f"resume: cut a torn or invalid last record ({point.truncated_bytes} bytes) from {args.output}")
    if point.records:
        _say(f"resume: {point.records} articles already in {args.output} are skipped (--overwrite to redo)")

    def articles() -> Iterator[Article]:
        for item in read_inputs(args.inputs):
            if isinstance(item, InputProblem):
                problems.append(item)
                _say(f"skipped: {item}")
            elif item.id not in point.done:
                sources[item.id] = item.source
                yield item

    started = time.perf_counter()
    written = flagged = actors = events = 0
    with args.output.open("w" if args.overwrite else "a", encoding="utf-8") as out:
        for record in _progress(_records(args, articles()), args.quiet):
            write_line(out, json.dumps(record.to_dict(), ensure_ascii=False))
            written += 1
            actors += len(record.actors)
            events += len(record.events)
            source = sources.pop(record.id, "?")
            if record.warnings:
                flagged += 1
                for warning in record.warnings:
                    _say(f"warning: {source} (id {record.id!r}): {warning}")
    if written or point.records:
        from diplograph.resolve import assign_ids_file

        assign_ids_file(args.output)  # second pass over all records: corpus-wide actor and event ids
    elapsed = time.perf_counter() - started
    if not args.quiet:
        _say(f"{written} articles, {actors} actors, {events} events in {elapsed:.1f} s "
             f"({point.records} resumed, {flagged} flagged, {len(problems)} skipped) -> {args.output}")
    return EXIT_OK if written or point.records else EXIT_NOTHING


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
    from diplograph.export import write_graph
    from diplograph.graph import build_graph
    from diplograph.records import DocRecord

    started = time.perf_counter()
    records: list[DocRecord] = []
    articles: list[str] = []
    for raw in args.inputs:
        path = Path(raw)
        if _is_prediction_file(path):
            with path.open(encoding="utf-8") as fh:
                records += [DocRecord.from_dict(json.loads(line)) for line in fh if line.strip()]
        else:
            articles.append(raw)
    if articles:
        from diplograph.corpus import extract_records
        from diplograph.inputs import Article, read_inputs
        from diplograph.pipeline import ModelNotFoundError, resolve_model

        try:
            resolve_model(args.model)
        except ModelNotFoundError as err:
            _say(str(err))
            return EXIT_USAGE
        items = (i for i in read_inputs(articles) if isinstance(i, Article) or _say(f"skipped: {i}"))
        records += list(_progress(extract_records(items, model=args.model, n_process=args.n_process,
                                                  batch_size=args.batch_size), args.quiet))
    if not records:
        _say("nothing to build a graph from")
        return EXIT_NOTHING
    graph = build_graph(records)
    write_graph(graph, args.output)
    if not args.quiet:
        kinds = [k for _, k in graph.nodes(data="kind")]
        _say(f"{len(records)} articles -> {kinds.count('actor')} actors, {kinds.count('meeting')} meetings, "
             f"{graph.number_of_edges()} edges in {time.perf_counter() - started:.1f} s -> {args.output}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "n_process", 1) < 1:
        parser.error("--n-process must be >= 1")
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
