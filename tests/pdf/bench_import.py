#!/usr/bin/env python3
"""Times bringing back a review copy annotated with 200 notes, whole process.

    bench_import.py PATH/TO/proposal [RUNS]

Makes a library with the example, sends it for review, annotates the review
copy (27 pages) with 200 notes of every kind spread over its pages
(tests/pdf/annotate.py), then runs `proposal review import` on a fresh copy
of the library RUNS times (10 by default) and prints the median and the
slowest run.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

import pikepdf

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["Highlight", "Text", "StrikeOut", "Caret", "FreeText", "Underline", "Ink", "Squiggly"]


def main():
    cli = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    work = tempfile.mkdtemp(prefix="ps-bench-import-")
    data = os.path.join(work, "data")
    env = dict(os.environ, PROPOSAL_STUDIO_DATA_DIR=data)

    def run(*args):
        return subprocess.run([cli, *args], env=env, check=True, capture_output=True, text=True).stdout

    example = os.path.join(work, "example.json")
    with open(example, "w", encoding="utf-8") as f:
        f.write(run("example"))
    draft = run("import", example).strip().splitlines()[-1]
    review = os.path.join(work, "example.review.zip")
    run("review", "export", "--draft", draft, "--out", review)
    copy = os.path.join(work, "copy.pdf")
    with zipfile.ZipFile(review) as z:
        with open(copy, "wb") as f:
            f.write(z.read(next(n for n in z.namelist() if n.endswith(".pdf"))))
    with pikepdf.open(copy) as pdf:
        amap = json.loads(pdf.attachments["proposal-anchors.json"].get_file().read_bytes())
        pages = len(pdf.pages)
    lines = [(a, l) for a in amap["anchors"] for l in a.get("lines", [])]
    notes = []
    for i in range(200):
        anchor, line = lines[(i * 37) % len(lines)]
        kind = KINDS[i % len(KINDS)]
        box = [line["x"], line["y"] - 2, line["x"] + 120, line["y"] + line["size"]]
        note = {"kind": kind, "page": line["page"], "author": f"Reviewer {i % 3 + 1}",
                "contents": f"Note {i + 1} on this part.", "date": "D:20270110093000Z"}
        if kind in ("Highlight", "StrikeOut", "Underline", "Squiggly"):
            note["quads"] = [box]
        else:
            note["rect"] = box
        notes.append(note)
    spec = os.path.join(work, "spec.json")
    with open(spec, "w", encoding="utf-8") as f:
        json.dump({"style": "acrobat", "notes": notes}, f)
    annotated = os.path.join(work, "annotated.pdf")
    subprocess.run([sys.executable, os.path.join(HERE, "annotate.py"), copy, annotated, spec], check=True)

    times = []
    for r in range(runs):
        fresh = os.path.join(work, f"data-{r}")
        shutil.copytree(data, fresh)
        start = time.perf_counter()
        out = subprocess.run([cli, "review", "import", draft, annotated], env=dict(env, PROPOSAL_STUDIO_DATA_DIR=fresh),
                             check=True, capture_output=True, text=True).stdout
        times.append((time.perf_counter() - start) * 1000)
        if r == 0:
            assert out.startswith("200 new comments"), out
    size = os.path.getsize(annotated) // 1024
    print(f"import a {pages}-page review copy with 200 notes ({size} KB), whole process: "
          f"median {statistics.median(times):.0f} ms, slowest {max(times):.0f} ms (of {runs})")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
