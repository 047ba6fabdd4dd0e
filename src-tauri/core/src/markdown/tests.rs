use super::*;

fn span(text: &str) -> MdSpan {
    MdSpan {
        text: text.into(),
        bold: false,
        italic: false,
        url: false,
    }
}

fn styled(text: &str, bold: bool, italic: bool) -> MdSpan {
    MdSpan {
        bold,
        italic,
        ..span(text)
    }
}

fn para(spans: Vec<MdSpan>) -> MdBlock {
    MdBlock::Paragraph { spans }
}

#[test]
fn the_subset_table_of_inputs_and_what_they_read_as() {
    let cases: Vec<(&str, Vec<MdBlock>)> = vec![
        (
            "Plain words\non two lines.",
            vec![para(vec![span("Plain words on two lines.")])],
        ),
        (
            "**Bold**, *italic* and _italic_.",
            vec![para(vec![
                styled("Bold", true, false),
                span(", "),
                styled("italic", false, true),
                span(" and "),
                styled("italic", false, true),
                span("."),
            ])],
        ),
        (
            "### A heading",
            vec![MdBlock::Heading {
                spans: vec![span("A heading")],
            }],
        ),
        (
            "- one\n- two\n  - under two",
            vec![MdBlock::List {
                start: None,
                items: vec![
                    vec![para(vec![span("one")])],
                    vec![
                        para(vec![span("two")]),
                        MdBlock::List {
                            start: None,
                            items: vec![vec![para(vec![span("under two")])]],
                        },
                    ],
                ],
            }],
        ),
        (
            "3. third\n4. fourth",
            vec![MdBlock::List {
                start: Some(3),
                items: vec![vec![para(vec![span("third")])], vec![para(vec![span("fourth")])]],
            }],
        ),
        (
            "| Who | How many |\n|---|---:|\n| IOM | 12 |",
            vec![MdBlock::Table {
                header: vec![vec![span("Who")], vec![span("How many")]],
                rows: vec![vec![vec![span("IOM")], vec![span("12")]]],
            }],
        ),
        (
            "See [the Fund](https://mptf.undp.org).",
            vec![para(vec![
                span("See the Fund"),
                MdSpan {
                    url: true,
                    ..span(" (https://mptf.undp.org)")
                },
                span("."),
            ])],
        ),
        (
            "<script>alert(1)</script>",
            vec![para(vec![span("<script>alert(1)</script>")])],
        ),
        ("~~struck~~ and `code`", vec![para(vec![span("~~struck~~ and code")])]),
        (r"\*not italic\*", vec![para(vec![span("*not italic*")])]),
        (
            "above\n\n---\n\nbelow",
            vec![para(vec![span("above")]), MdBlock::Rule, para(vec![span("below")])],
        ),
        ("", vec![]),
    ];
    for (input, want) in cases {
        assert_eq!(blocks(input), want, "{input:?}");
    }
}

#[test]
fn hostile_and_huge_texts_read_without_a_panic() {
    let deep = "- a\n".to_string() + &"  ".repeat(200) + "- b";
    assert!(!blocks(&deep).is_empty());
    let long = "word ".repeat(100_000);
    assert_eq!(blocks(&long).len(), 1);
    assert!(blocks("| a |\n|---|\n| b | c | d |")
        .iter()
        .all(|b| !b.text().is_empty()));
    assert!(blocks("*unclosed **bold").iter().all(|b| b.text().contains("unclosed")));
}
