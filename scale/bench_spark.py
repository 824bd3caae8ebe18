#!/usr/bin/env python3
"""Time the Spark job several times in one session: the first run pays the
JVM's warm-up, the later ones show the steady rate (docs/scale.md).

    python3 scale/bench_spark.py ../shared/data/bbc_news/news.jsonl --master 'local[2]' --runs 3
Prints one JSON summary per run (as spark_extract.py does), with "run".
"""

import argparse
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spark_extract  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", nargs="+")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--writer", choices=["arrow", "spark"], default="arrow")
    ap.add_argument("--partitions", type=int)
    opts = ap.parse_args()
    binary = spark_extract.default_binary()
    tables = spark_extract.table_schemas(binary)
    spark = spark_extract.session(opts.master)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for k in range(opts.runs):
                argv = [*opts.input, os.path.join(tmp, f"run{k}"), "--writer", opts.writer]
                if opts.partitions:
                    argv += ["--partitions", str(opts.partitions)]
                summary = spark_extract.run(spark, spark_extract.parse_args(argv), tables)
                print(json.dumps({"run": k + 1, **summary}), flush=True)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
