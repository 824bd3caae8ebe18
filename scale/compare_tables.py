#!/usr/bin/env python3
"""Check that two sets of dateline tables hold the same rows.

Either side may be `dateline extract --format parquet -o DIR` (one file per
table) or the Spark job's output (a folder per table, partitioned by date).
Both are read with pyarrow, the standard reader; the tables must have the
same columns with the same types, and the same rows, record for record
(order aside). Where each side read an article (`news.jsonl:17`,
`stdin:3`) differs by design, so `articles.source` and the `source` and
`message` of error rows are left out unless --strict. With --binary, the
columns must also be the ones `dateline schema --json` documents.

    python3 scale/compare_tables.py local-out/ spark-out/
Exit code 0 when equal, 1 with the differences listed when not.
"""

import argparse
import json
import os
import subprocess
import sys

import pyarrow as pa
import pyarrow.dataset as ds

TABLES = ["articles", "statements", "entities", "timexes", "loaded", "errors"]


def read(root, name):
    """One table as a pyarrow Table, either layout; the partition column
    `date` comes back as a string column like the others."""
    single = os.path.join(root, name + ".parquet")
    if os.path.isfile(single):
        return ds.dataset(single, format="parquet").to_table()
    folder = os.path.join(root, name)
    if not os.path.isdir(folder):
        raise SystemExit(f"{root}: no {name} table")
    partitioned = any("=" in d for d in os.listdir(folder))
    part = ds.partitioning(pa.schema([("date", pa.string())]), flavor="hive") if partitioned else None
    data = ds.dataset(folder, format="parquet", partitioning=part, exclude_invalid_files=True,
                      ignore_prefixes=[".", "_"])
    table = data.to_table()
    if "date" not in table.column_names:
        return table
    # Hive writes a null partition as __HIVE_DEFAULT_PARTITION__.
    dates = [None if d == "__HIVE_DEFAULT_PARTITION__" else d for d in table.column("date").to_pylist()]
    return table.set_column(table.column_names.index("date"), "date", pa.array(dates, pa.string()))


def rows(table, columns):
    key = lambda v: (v is None, "" if v is None else str(v))
    data = table.select(columns).to_pylist()
    return sorted((tuple(r[c] for c in columns) for r in data), key=lambda t: tuple(key(v) for v in t))


ARROW_TYPES = {"string": pa.string(), "long": pa.int64()}


def compare(a, b, strict=False, schema=None, out=sys.stdout):
    ok = True
    for name in TABLES:
        ta, tb = read(a, name), read(b, name)
        fa = {f.name: f.type for f in ta.schema}
        fb = {f.name: f.type for f in tb.schema}
        if schema is not None:
            want = {c["name"]: ARROW_TYPES[c["type"]] for t in schema if t["name"] == name for c in t["columns"]}
            if fa != want:
                ok = False
                print(f"{name}: columns are not the documented ones:\n  {a}: {fa}\n  schema: {want}", file=out)
        if fa != fb:
            ok = False
            print(f"{name}: columns differ:\n  {a}: {fa}\n  {b}: {fb}", file=out)
            continue
        columns = sorted(fa)
        if not strict:
            ignored = {"articles": ["source"], "errors": ["source", "message"]}.get(name, [])
            columns = [c for c in columns if c not in ignored]
        ra, rb = rows(ta, columns), rows(tb, columns)
        if ra != rb:
            ok = False
            only_a = set(ra) - set(rb)
            only_b = set(rb) - set(ra)
            print(f"{name}: {len(ra)} rows vs {len(rb)}; {len(only_a)} only in {a}, {len(only_b)} only in {b}", file=out)
            for r in list(only_a)[:3]:
                print(f"  only in {a}: {dict(zip(columns, r))}", file=out)
            for r in list(only_b)[:3]:
                print(f"  only in {b}: {dict(zip(columns, r))}", file=out)
        else:
            print(f"{name}: {len(ra)} rows, {len(columns)} columns: equal", file=out)
    return ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--strict", action="store_true", help="compare where the articles were read too")
    ap.add_argument("--binary", help="a dateline binary: check the columns against its `dateline schema --json`")
    args = ap.parse_args(argv)
    schema = None
    if args.binary:
        schema = json.loads(subprocess.run([args.binary, "schema", "--json"], check=True,
                                           capture_output=True, text=True).stdout)
    return 0 if compare(args.a, args.b, args.strict, schema) else 1


if __name__ == "__main__":
    sys.exit(main())
