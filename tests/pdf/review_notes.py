#!/usr/bin/env python3
"""Plays a government counterpart with only a PDF reader, for the end-to-end
test: takes the review copy out of a review file, finds where the parts of
the proposal lie from the map the copy carries, and writes the PDF back with
notes of six kinds (a highlight with a note, a strike-through with new words,
an inserted word, a sticky note with a reply, a text box, a drawing) and a
note in the margin, as Acrobat writes them.

    review_notes.py REVIEW.zip OUT.pdf

Prints, as JSON, what the notes should come back as.
"""

import json
import os
import subprocess
import sys
import tempfile
import zipfile

import pikepdf

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    review, out = sys.argv[1:3]
    work = tempfile.mkdtemp(prefix="ps-review-notes-")
    with zipfile.ZipFile(review) as z:
        name = next(n for n in z.namelist() if n.endswith(".pdf"))
        copy = os.path.join(work, "copy.pdf")
        with open(copy, "wb") as f:
            f.write(z.read(name))
    with pikepdf.open(copy) as pdf:
        amap = json.loads(pdf.attachments["proposal-anchors.json"].get_file().read_bytes())

    def first(kind, skip=0, words=6):
        found = [a for a in amap["anchors"] if a["anchor"]["kind"] == kind and a.get("lines") and len(a["lines"][0]["text"].split(" ")) >= words]
        return found[skip]

    def line_box(line, right):
        # The whole line, from its start to the right edge of the text area.
        return [line["x"] - 0.5, line["y"] - line["size"] * 0.22, right, line["y"] + line["size"] * 0.85]

    def middle(a):
        b = a["boxes"][0]
        x1, y1, x2, y2 = b["rect"]
        return b["page"], (x1 + x2) / 2, (y1 + y2) / 2, x2

    highlighted = first("paragraph", 0)
    struck = first("paragraph", 1)
    inserted = first("paragraph", 2)
    budget = next(a for a in amap["anchors"] if a["anchor"]["kind"] == "budget_line")
    criterion = next(a for a in amap["anchors"] if a["anchor"]["kind"] == "criterion")
    hp, _, _, right = middle(highlighted)
    sl = struck["lines"][0]
    il = inserted["lines"][0]
    bp, bx, by, _ = middle(budget)
    cp, cx, cy, _ = middle(criterion)
    notes = [
        {"kind": "Highlight", "page": highlighted["lines"][0]["page"], "quads": [line_box(highlighted["lines"][0], right)],
         "author": "Rosa Quispe", "contents": "Which ministry leads this?", "date": "D:20270110093000-05'00'"},
        {"kind": "StrikeOut", "page": sl["page"], "quads": [line_box(sl, right)], "author": "Rosa Quispe",
         "contents": "The first line, said more simply.", "date": "D:20270110093500-05'00'"},
        {"kind": "Caret", "page": il["page"], "rect": [il["x"] - 2, il["y"] - 2, il["x"] + 2, il["y"] + 8],
         "author": "Rosa Quispe", "contents": "Overall,", "date": "D:20270110094000-05'00'"},
        {"kind": "Text", "page": bp, "rect": [bx - 8, by - 8, bx + 8, by + 8], "author": "Rosa Quispe",
         "contents": "Please check this unit cost.", "date": "D:20270110094500-05'00'"},
        {"kind": "Text", "page": bp, "rect": [bx - 8, by - 8, bx + 8, by + 8], "author": "Rosa Quispe",
         "contents": "Compare with the 2026 rates.", "reply_to": 3, "date": "D:20270110094600-05'00'"},
        {"kind": "FreeText", "page": cp, "rect": [cx - 60, cy - 6, cx + 60, cy + 6], "author": "Rosa Quispe",
         "contents": "Add the grievance mechanism.", "date": "D:20270110095000-05'00'"},
        {"kind": "Ink", "page": cp, "rect": [cx - 30, cy - 5, cx + 30, cy + 5], "author": "Rosa Quispe",
         "date": "D:20270110095500-05'00'"},
        {"kind": "Text", "page": 3, "rect": [6, 300, 22, 316], "author": "Rosa Quispe",
         "contents": "General remark in the margin.", "date": "D:20270110100000-05'00'"},
    ]
    spec = os.path.join(work, "spec.json")
    with open(spec, "w", encoding="utf-8") as f:
        json.dump({"style": "acrobat", "notes": notes}, f)
    subprocess.run([sys.executable, os.path.join(HERE, "annotate.py"), copy, out, spec], check=True)
    print(json.dumps({
        "highlighted": highlighted["anchor"],
        "struck": struck["anchor"],
        "struck_line": sl["text"],
        "inserted": inserted["anchor"],
        "budget": budget["anchor"],
        "criterion": criterion["anchor"],
        "notes": len(notes),
    }))


if __name__ == "__main__":
    main()
