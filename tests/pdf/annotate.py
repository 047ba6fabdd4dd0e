#!/usr/bin/env python3
"""Annotates a PDF the way common PDF readers do, for the tests.

    annotate.py IN.pdf OUT.pdf SPEC.json

SPEC is a JSON object:
  {"style": "acrobat" | "okular",     # Acrobat gives notes /NM, /Popup and
                                      # appearance streams; Okular and Evince
                                      # give neither /NM nor a popup
   "notes": [ {"kind": "Text" | "Highlight" | "Underline" | "Squiggly" |
                       "StrikeOut" | "Caret" | "FreeText" | "Ink" | "Square",
               "page": 1,             # 1-based
               "rect": [x1, y1, x2, y2],        # PDF user space
               "quads": [[x1, y1, x2, y2], ...],  # text marks: one box a line
               "author": "...", "contents": "...",
               "date": "D:20270103101500+01'00'",
               "reply_to": 0,         # index of an earlier note: /IRT
               "group": true,         # with reply_to: /RT /Group (Acrobat's replace text)
               "name": "..."}         # an explicit /NM (acrobat style makes one otherwise)
            ],
   "flatten": true,                   # instead of notes, print boxes onto the page
                                      # as a reader that flattens annotations does
   "javascript": true}                # add a document-level JavaScript action

Written with pikepdf, a library independent of the app's own PDF code.
"""

import json
import sys
import uuid

import pikepdf
from pikepdf import Array, Dictionary, Name, String


def quad_points(boxes):
    out = []
    for x1, y1, x2, y2 in boxes:
        # The order Acrobat writes: upper left, upper right, lower left, lower right.
        out += [x1, y2, x2, y2, x1, y1, x2, y1]
    return Array(out)


def bbox(boxes):
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


def appearance(pdf, rect):
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    stream = pikepdf.Stream(pdf, b"1 1 0 rg 0 0 %f %f re f" % (w, h))
    stream.Type = Name.XObject
    stream.Subtype = Name.Form
    stream.BBox = Array([0, 0, w, h])
    return Dictionary(N=pdf.make_indirect(stream))


def annotate(pdf, spec):
    style = spec.get("style", "acrobat")
    made = []
    for i, n in enumerate(spec.get("notes", [])):
        page = pdf.pages[n["page"] - 1]
        kind = n["kind"]
        quads = n.get("quads") or []
        rect = n.get("rect") or (bbox(quads) if quads else [100, 100, 120, 120])
        d = Dictionary(Type=Name.Annot, Subtype=Name("/" + kind), Rect=Array(rect), F=4)
        if n.get("author") is not None:
            d.T = String(n["author"])
        if n.get("contents") is not None:
            d.Contents = String(n["contents"])
        if n.get("date"):
            d.M = String(n["date"])
            if style == "acrobat":
                d.CreationDate = String(n["date"])
        if quads:
            d.QuadPoints = quad_points(quads)
        if kind == "Text":
            d.Name = Name.Comment
        if kind == "FreeText":
            d.DA = String("/Helv 10 Tf 0 0 1 rg")
        if kind == "Ink":
            x1, y1, x2, y2 = rect
            d.InkList = Array([Array([x1, y1, (x1 + x2) / 2, y2, x2, y1])])
        if kind in ("Highlight", "Underline", "Squiggly", "StrikeOut"):
            d.C = Array([1, 1, 0])
        if style == "acrobat":
            d.NM = String(n.get("name") or str(uuid.UUID(int=i + 1)))
            d.AP = appearance(pdf, rect)
        elif n.get("name"):
            d.NM = String(n["name"])
        if n.get("reply_to") is not None:
            d.IRT = made[n["reply_to"]]
            if n.get("group"):
                d.RT = Name.Group
            else:
                d.RT = Name.R
        ref = pdf.make_indirect(d)
        if style == "acrobat" and kind != "Caret":
            popup = pdf.make_indirect(
                Dictionary(Type=Name.Annot, Subtype=Name.Popup, Rect=Array([rect[2], rect[1], rect[2] + 150, rect[1] + 80]), Parent=ref)
            )
            ref.Popup = popup
            annots = page.obj.get("/Annots", Array())
            annots.append(ref)
            annots.append(popup)
            page.obj.Annots = annots
        else:
            annots = page.obj.get("/Annots", Array())
            annots.append(ref)
            page.obj.Annots = annots
        made.append(ref)


def flatten(pdf):
    # What a reader's "print to PDF" or "flatten" does: every mark becomes
    # page content drawn through a form XObject.
    page = pdf.pages[1]
    form = pikepdf.Stream(pdf, b"1 1 0 rg 0 0 200 12 re f")
    form.Type = Name.XObject
    form.Subtype = Name.Form
    form.BBox = Array([0, 0, 200, 12])
    resources = page.obj.Resources
    if "/XObject" not in resources:
        resources.XObject = Dictionary()
    resources.XObject.Fx0 = pdf.make_indirect(form)
    page.contents_add(pikepdf.Stream(pdf, b"q 1 0 0 1 100 500 cm /Fx0 Do Q"), prepend=False)


def main():
    src, out, spec_path = sys.argv[1:4]
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    pdf = pikepdf.open(src, allow_overwriting_input=False)
    if spec.get("flatten"):
        flatten(pdf)
    else:
        annotate(pdf, spec)
    if spec.get("javascript"):
        js = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert('hello');")))
        pdf.Root.OpenAction = js
    pdf.save(out, static_id=True, deterministic_id=True, linearize=False, object_stream_mode=pikepdf.ObjectStreamMode.preserve)


if __name__ == "__main__":
    main()
