#!/usr/bin/env python3
"""Run `dateline extract` over an archive on Apache Spark.

Reads articles (JSON Lines or Parquet with columns `id`, `text`, and
optionally `date`, `outlet`, `source`) from any path Spark can read, ships
the dateline binary to the executors (SparkContext.addFile, like
spark-submit --files), pipes every partition through one
`dateline extract -j 1` process (one core per task), and writes the tables
`articles`, `statements`, `entities`, `timexes` and `loaded` as Parquet
partitioned by `date` (Hive style: `statements/date=2024-03-09/...`), plus
`errors` for documents that could not be processed. The columns are the
binary's own (`dateline schema`): `dateline extract --format parquet` on
one machine writes the same, and `dateline ingest OUTPUT/` stores either.

Two writers:
  arrow (default)  each task's dateline writes its rows as Parquet itself,
                   and the task files them under OUTPUT with pyarrow
                   (local paths, file://, s3://, gs://, hdfs://). Fastest:
                   the JVM never parses the rows.
  spark            each task pipes `--format tables` JSON lines back into
                   Spark, which writes the tables with its own writer and
                   commit protocol (any Hadoop file system); the JVM's
                   parsing and writing cost about as much again as the
                   extraction (docs/scale.md).

Local, on every core:
    python3 scale/spark_extract.py news.jsonl out/ --master 'local[*]'
A cluster (see docs/scale.md):
    spark-submit --master yarn --num-executors 50 --executor-cores 4 \\
        scale/spark_extract.py --binary ./dateline s3://bucket/news/ s3://bucket/dateline/
"""

import argparse
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import warnings
from collections import deque

HERE = os.path.dirname(os.path.abspath(__file__))


def default_binary():
    built = os.path.join(HERE, "..", "target", "release", "dateline")
    if os.path.isfile(built):
        return os.path.normpath(built)
    return shutil.which("dateline")


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join(__doc__.split("\n\n")[1:]),
    )
    ap.add_argument("input", nargs="+", help="articles: JSONL or Parquet files or folders (local, hdfs://, s3a://, ...)")
    ap.add_argument("output", help="folder for the tables (one subfolder per table)")
    ap.add_argument("--input-format", choices=["auto", "jsonl", "parquet"], default="auto",
                    help="auto: Parquet when the first input ends in .parquet or is a local folder of them, "
                         "else JSONL (say parquet for a remote folder of Parquet files)")
    ap.add_argument("--binary", default=default_binary(),
                    help="the dateline binary for the executors (a Linux build: `cargo build --release`); "
                         "default: target/release/dateline beside this script, else dateline on PATH")
    ap.add_argument("--master", help="Spark master, e.g. local[2] (default: what spark-submit sets, else local[*])")
    ap.add_argument("--partitions", type=int,
                    help="tasks to split the articles into (default: one per core, or the input's splits if more)")
    ap.add_argument("--writer", choices=["arrow", "spark"], default="arrow", help="who writes the tables (see below)")
    ap.add_argument("--mode", choices=["errorifexists", "overwrite", "append"], default="errorifexists",
                    help="when OUTPUT holds tables already (default: stop with an error)")
    ap.add_argument("--fast", action="store_true", help="pass --fast to dateline extract (rules only)")
    ap.add_argument("--lang", choices=["en", "de"], default="en", help="pass --lang to dateline extract")
    return ap.parse_args(argv)


def table_schemas(binary):
    """The tables and their columns, from the binary itself."""
    out = subprocess.run([binary, "schema", "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def executable(name):
    """Where SparkFiles put the binary on this executor, made executable."""
    from pyspark import SparkFiles

    exe = SparkFiles.get(name)
    mode = os.stat(exe).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(exe, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return exe


class Extract:
    """One `dateline extract` process fed this partition's JSON lines.

    stdin is written and stderr drained on their own threads, so no pipe
    fills up while the caller reads stdout (what RDD.pipe does, but finding
    the binary where SparkFiles put it, and accepting exit code 1: some
    documents became error rows)."""

    def __init__(self, argv, lines, stdout):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=stdout, stderr=subprocess.PIPE,
                                     bufsize=1 << 16)
        self.sent = 0
        self.tail = deque(maxlen=40)
        self.threads = [threading.Thread(target=self._feed, args=(lines,), daemon=True),
                        threading.Thread(target=self._drain, daemon=True)]
        for t in self.threads:
            t.start()

    def _feed(self, lines):
        try:
            for line in lines:
                self.proc.stdin.write(line.encode("utf-8") + b"\n")
                self.sent += 1
        except BrokenPipeError:
            pass
        finally:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass

    def _drain(self):
        for line in self.proc.stderr:
            self.tail.append(line.decode("utf-8", "replace").rstrip())

    def finish(self, produced):
        """Waits for the process; `produced`: documents it accounted for."""
        for t in self.threads:
            t.join()
        code = self.proc.wait()
        if code not in (0, 1) or produced() != self.sent:
            raise RuntimeError(f"dateline extract exited with {code}, accounting for {produced()} of "
                               f"{self.sent} documents:\n" + "\n".join(self.tail))


def spark_writer_task(binary_name, args):
    """mapPartitions: the partition's lines in, `--format tables` lines out."""

    def run(lines):
        argv = [executable(binary_name), "extract", "--format", "tables", "-j", "1", "--quiet", *args]
        ex = Extract(argv, lines, subprocess.PIPE)
        got = 0
        for line in ex.proc.stdout:
            got += 1
            yield line.decode("utf-8")
        ex.finish(lambda: got)

    return run


def arrow_writer_task(binary_name, args, names, output, run_id):
    """mapPartitionsWithIndex: the partition's lines in, Parquet files out
    under OUTPUT (named by run and partition, so that a retried task
    replaces its own files), one JSON line of row counts back."""

    def run(index, lines):
        import pyarrow.dataset as ds
        import pyarrow.parquet as pq

        fs, root = filesystem(output)
        tmp = tempfile.mkdtemp(prefix="dateline-task-")
        try:
            argv = [executable(binary_name), "extract", "--format", "parquet", "-o", tmp, "-j", "1", "--quiet", *args]
            ex = Extract(argv, lines, subprocess.DEVNULL)
            counts = {}

            def produced():
                for name in names:
                    counts[name] = pq.read_metadata(os.path.join(tmp, name + ".parquet")).num_rows
                return counts["articles"] + counts["errors"]

            ex.finish(produced)
            for name in names:
                table = pq.read_table(os.path.join(tmp, name + ".parquet"))
                if table.num_rows == 0:
                    continue
                ds.write_dataset(
                    table, f"{root}/{name}", filesystem=fs, format="parquet",
                    partitioning=date_partitioning() if "date" in table.column_names else None,
                    basename_template=f"part-{run_id}-{index:05d}-{{i}}.snappy.parquet",
                    existing_data_behavior="overwrite_or_ignore",
                    file_options=ds.ParquetFileFormat().make_write_options(compression="snappy"),
                )
            yield json.dumps(counts)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    return run


def date_partitioning():
    import pyarrow as pa
    import pyarrow.dataset as ds

    # A null date is written as __HIVE_DEFAULT_PARTITION__, as Spark does.
    return ds.partitioning(pa.schema([("date", pa.string())]), flavor="hive")


def filesystem(output):
    """(pyarrow FileSystem, path) for a local path or a URI."""
    import pyarrow.fs as pafs

    if "://" not in output:
        output = os.path.abspath(output)
        return pafs.LocalFileSystem(), output.rstrip("/")
    fs, path = pafs.FileSystem.from_uri(output)
    return fs, path.rstrip("/")


def spark_schema(tables):
    """One line of `--format tables`: a list of rows per table."""
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    types = {"string": StringType(), "long": LongType()}
    return StructType([
        StructField(t["name"], ArrayType(StructType([
            StructField(c["name"], types[c["type"]], True) for c in t["columns"]
        ])), True)
        for t in tables
    ])


def read_articles(spark, paths, fmt):
    from pyspark.sql import functions as F
    from pyspark.sql.types import DateType, TimestampType

    if fmt == "auto":
        first = paths[0].rstrip("/")
        is_parquet = first.endswith(".parquet") or (
            os.path.isdir(first) and any(n.endswith(".parquet") for _, _, names in os.walk(first) for n in names)
        )
        fmt = "parquet" if is_parquet else "jsonl"
    if fmt == "parquet":
        df = spark.read.parquet(*paths)
    else:
        # A schema saves Spark a pass over the input to infer one; fields
        # not named here are ignored, and a line without "text" becomes an
        # error row.
        df = spark.read.schema("id STRING, text STRING, date STRING, outlet STRING, source STRING").json(paths)
    missing = [c for c in ("id", "text") if c not in df.columns]
    if missing:
        raise SystemExit(f"spark_extract: the input has no {' or '.join(missing)} column (columns: {df.columns})")
    cols = [F.col("id").cast("string").alias("id"), F.col("text").cast("string").alias("text")]
    if "date" in df.columns:
        date = F.col("date")
        if isinstance(df.schema["date"].dataType, (DateType, TimestampType)):
            date = F.date_format(date, "yyyy-MM-dd")
        cols.append(date.cast("string").alias("date"))
    for c in ("outlet", "source"):
        if c in df.columns:
            cols.append(F.col(c).cast("string").alias(c))
    return df.select(*cols)


def json_lines(articles, partitions):
    """The articles as JSON strings, `partitions` partitions."""
    from pyspark import RDD

    # toJSON hands Python plain strings (no Row objects to build); later
    # Spark versions return a DataFrame from it instead.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lines = articles.repartition(partitions).toJSON()
    return lines if isinstance(lines, RDD) else lines.rdd.map(lambda r: r[0])


def prepare_output(output, mode):
    """Applies --mode to OUTPUT for the arrow writer."""
    import pyarrow.fs as pafs

    fs, root = filesystem(output)
    info = fs.get_file_info(root)
    if info.type == pafs.FileType.NotFound:
        fs.create_dir(root, recursive=True)
        return
    if info.type != pafs.FileType.Directory:
        raise SystemExit(f"spark_extract: {output} exists and is not a folder")
    if not fs.get_file_info(pafs.FileSelector(root)):
        return
    if mode == "errorifexists":
        raise SystemExit(f"spark_extract: {output} is not empty (use --mode overwrite or append)")
    if mode == "overwrite":
        fs.delete_dir_contents(root)


def write_with_arrow(sc, lines, args, tables):
    import pyarrow.parquet as pq

    names = [t["name"] for t in tables]
    prepare_output(args.output, args.mode)
    run_id = uuid.uuid4().hex[:8]
    extra = ["--lang", args.lang] + (["--fast"] if args.fast else [])
    task = arrow_writer_task(os.path.basename(args.binary), extra, names, args.output, run_id)
    per_task = [json.loads(c) for c in lines.mapPartitionsWithIndex(task).collect()]
    counts = {n: sum(c.get(n, 0) for c in per_task) for n in names}
    # Every table gets a folder, an empty table an empty file with its
    # columns (from the binary, on no input), and each a _SUCCESS marker.
    fs, root = filesystem(args.output)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([args.binary, "extract", "--format", "parquet", "-o", tmp, "--quiet"],
                       input=b"", check=True, capture_output=True)
        for n in names:
            fs.create_dir(f"{root}/{n}", recursive=True)
            if counts[n] == 0:
                with fs.open_output_stream(f"{root}/{n}/part-{run_id}-empty.snappy.parquet") as f:
                    pq.write_table(pq.read_table(os.path.join(tmp, n + ".parquet")), f, compression="snappy")
            with fs.open_output_stream(f"{root}/{n}/_SUCCESS"):
                pass
    return counts


def write_with_spark(spark, lines, args, tables):
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    extra = ["--lang", args.lang] + (["--fast"] if args.fast else [])
    out = lines.mapPartitions(spark_writer_task(os.path.basename(args.binary), extra))
    parsed = spark.read.schema(spark_schema(tables)).json(out)
    # Six writes read the rows: extract once.
    parsed.persist(StorageLevel.MEMORY_AND_DISK)
    sizes = parsed.select([F.sum(F.size(F.coalesce(t["name"], F.array()))).alias(t["name"]) for t in tables]).first()
    counts = {t["name"]: int(sizes[t["name"]] or 0) for t in tables}
    for t in tables:
        name = t["name"]
        rows = parsed.select(F.explode(name).alias("r")).select("r.*")
        writer = rows.write.mode(args.mode).option("compression", "snappy")
        if "date" in [c["name"] for c in t["columns"]]:
            writer = writer.partitionBy("date")
        writer.parquet(args.output.rstrip("/") + "/" + name)
    parsed.unpersist()
    return counts


def session(master=None):
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("dateline-extract")
    if not sys.stderr.isatty():
        builder = builder.config("spark.ui.showConsoleProgress", "false")
    if master:
        builder = builder.master(master)
    elif "PYSPARK_GATEWAY_PORT" not in os.environ:
        # Not under spark-submit, which sets the master itself.
        builder = builder.master("local[*]")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def run(spark, args, tables):
    """The job in a running session; returns its summary."""
    sc = spark.sparkContext
    sc.addFile(os.path.abspath(args.binary))
    # Executors import this file when it is not the main script.
    sc.addPyFile(os.path.abspath(__file__))
    started = time.time()
    articles = read_articles(spark, args.input, args.input_format)
    cores = sc.defaultParallelism
    # One task per core at least (more when the input has more splits):
    # each task pays a process start and a model load, about 0.1 s.
    partitions = args.partitions or max(cores, articles.rdd.getNumPartitions())
    lines = json_lines(articles, partitions)
    if args.writer == "arrow":
        counts = write_with_arrow(sc, lines, args, tables)
    else:
        counts = write_with_spark(spark, lines, args, tables)
    seconds = time.time() - started
    docs = counts.get("articles", 0) + counts.get("errors", 0)
    return {
        "documents": docs,
        "rows": counts,
        "seconds": round(seconds, 2),
        "articles_per_second": round(docs / max(seconds, 1e-9), 1),
        "cores": cores,
        "partitions": partitions,
        "writer": args.writer,
    }


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    if not args.binary or not os.path.isfile(args.binary):
        raise SystemExit("spark_extract: no dateline binary: build it (cargo build --release) or give --binary PATH")
    tables = table_schemas(args.binary)
    spark = session(args.master)
    try:
        summary = run(spark, args, tables)
    finally:
        spark.stop()
    print(json.dumps(summary))
    if summary["rows"].get("errors"):
        print(f"spark_extract: {summary['rows']['errors']} documents could not be processed: "
              f"see {args.output}/errors", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
