//! `--format crossref` and the site's `crossref.xml`: every fixture with a DOI (the samples,
//! the hostile, scripts and CRLF fixtures, an explainer citing every kind of reference, the
//! annual with chapter DOIs) gives a deposit that `xmllint --nonet` validates against
//! Crossref's schema 5.3.1 (from `shared/crossref-schema/`, see `schema_dir`; every import
//! resolved offline);
//! a missing DOI, depositor or base URL is an error at its line with nothing written;
//! rebuilds are byte-identical; a site deposits only what changed since its last deposit.
//!
//! The sources are copied into temporary folders with a folio.toml of their own, so the shared
//! fixtures (and their goldens) stay as they are.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

const SETTINGS: &str = r#"[site]
base_url = "https://explainers.example.org/"

[crossref]
depositor = "NIAS Publications"
email = "doi@example.org"
registrant = "National Institute of Advanced Studies"
"#;

/// Crossref's schema 5.3.1 with every schema it imports (Crossref's release 0.3.1, its
/// `schemas/` folder): `$FOLIO_CROSSREF_SCHEMA`, else `crossref-schema/` in the `shared/`
/// folder beside the checkout. It is not committed here: it comes from outside the package
/// registries folio's machines reach, and such data may live only in `shared/`.
fn schema_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("FOLIO_CROSSREF_SCHEMA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/crossref-schema"));
    dir.join("crossref5.3.1.xsd").is_file().then_some(dir)
}

/// Validates `xml` against crossref5.3.1.xsd with xmllint, offline: a catalog maps the one
/// address the schemas import by URL (MathML 3) to the copy beside them. Without the schema
/// (see [`schema_dir`]) the deposit is only checked to be well-formed XML, and the test says
/// so on its output. xmllint missing fails the test: `.ci/run` installs it (Debian
/// `libxml2-utils`).
fn validate(xml: &Path) {
    let mut command = Command::new("xmllint");
    command.args(["--nonet", "--noout"]);
    let catalog = tempfile::tempdir().unwrap();
    let schema = schema_dir();
    match &schema {
        Some(dir) => {
            let mathml = dir.join("standard-modules/mathml3/mathml3.xsd");
            let file = catalog.path().join("catalog.xml");
            std::fs::write(
                &file,
                format!(
                    "<?xml version=\"1.0\"?>\n<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">\n<uri name=\"http://www.w3.org/Math/XMLSchema/mathml3/mathml3.xsd\" uri=\"file://{m}\"/>\n<system systemId=\"http://www.w3.org/Math/XMLSchema/mathml3/mathml3.xsd\" uri=\"file://{m}\"/>\n</catalog>\n",
                    m = mathml.display()
                ),
            )
            .unwrap();
            command
                .env("XML_CATALOG_FILES", &file)
                .arg("--schema")
                .arg(dir.join("crossref5.3.1.xsd"));
        }
        None => eprintln!(
            "crossref: schema 5.3.1 not found (set FOLIO_CROSSREF_SCHEMA or put it in shared/crossref-schema/): {} checked as well-formed XML only",
            xml.display()
        ),
    }
    let out = command.arg(xml).output().unwrap_or_else(|e| {
        panic!("xmllint is needed by the tests ({e}); run .ci/run (Debian libxml2-utils)")
    });
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && (schema.is_none() || said.contains("validates")),
        "{} does not validate:\n{said}\n{}",
        xml.display(),
        std::fs::read_to_string(xml).unwrap_or_default()
    );
    assert!(
        !said.contains("failed to load") && !said.contains("network"),
        "an import of the schema did not resolve offline:\n{said}"
    );
}

/// A folder holding `folio.toml` (`settings`) and copies of `sources` (path under the crate
/// root, with `edit` applied to each text), plus any other file of their folders they use.
fn folder(
    settings: &str,
    sources: &[&str],
    edit: &dyn Fn(&str, &str) -> String,
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("folio.toml"), settings).unwrap();
    for source in sources {
        let from = root().join(source);
        let name = from.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&from).unwrap();
        std::fs::write(dir.path().join(&name), edit(&name, &text)).unwrap();
    }
    dir
}

/// `text` with `line` added to its front matter, after the opening `---`.
fn with_front(text: &str, line: &str) -> String {
    let (head, rest) = text.split_once("---").expect("front matter");
    let eol = if rest.starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    format!("{head}---{eol}{line}{rest}")
}

fn build(args: &[&str], out: &Path) -> std::process::Output {
    build_into(out.to_str().unwrap(), args)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} was not written: {e}", path.display()))
}

fn count(text: &str, what: &str) -> usize {
    text.matches(what).count()
}

#[test]
fn an_explainer_with_a_doi_is_a_valid_report_and_rebuilds_are_identical() {
    let dir = folder(SETTINGS, &["tests/fixtures/ok/bom-crlf.md"], &|_, t| {
        t.to_string()
    });
    let source = dir.path().join("bom-crlf.md");
    let out = dir.path().join("out");
    let run = build(&["-f", "crossref", source.to_str().unwrap()], &out);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(listing(&out), ["bom-crlf.crossref.xml"]);
    let file = out.join("bom-crlf.crossref.xml");
    validate(&file);
    let xml = read(&file);
    for expected in [
        r#"<doi_batch xmlns="http://www.crossref.org/schema/5.3.1""#,
        "<timestamp>20250304000000</timestamp>",
        "<depositor_name>NIAS Publications</depositor_name>",
        "<email_address>doi@example.org</email_address>",
        "<registrant>National Institute of Advanced Studies</registrant>",
        "<report-paper_metadata language=\"en\">",
        "<given_name>A.</given_name>",
        "<surname>Writer</surname>",
        "<title>Windows file</title>",
        // No summary: the lede is the abstract.
        "<jats:p>Line one with CRLF.</jats:p>",
        r#"<publication_date media_type="online">"#,
        "<doi>10.5281/zenodo.1234567</doi>",
        "<resource>https://explainers.example.org/bom-crlf/</resource>",
    ] {
        assert!(xml.contains(expected), "no `{expected}` in:\n{xml}");
    }
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doi_batch"));
    assert!(xml.ends_with("</doi_batch>\n"));

    // The same source gives the same bytes, batch id and timestamp included.
    let again = dir.path().join("again");
    let run = build(&["-f", "crossref", source.to_str().unwrap()], &again);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        std::fs::read(again.join("bom-crlf.crossref.xml")).unwrap()
    );

    // A redeposit takes the timestamp it is given.
    let redeposit = dir.path().join("redeposit");
    let run = build(
        &[
            "-f",
            "crossref",
            "--timestamp",
            "20260101120000",
            source.to_str().unwrap(),
        ],
        &redeposit,
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let xml = read(&redeposit.join("bom-crlf.crossref.xml"));
    assert!(
        xml.contains("<timestamp>20260101120000</timestamp>"),
        "{xml}"
    );
    validate(&redeposit.join("bom-crlf.crossref.xml"));
}

#[test]
fn a_report_in_its_series_has_its_number_orcids_abstract_and_references() {
    let settings = format!("{SETTINGS}issn = \"2049-3630\"\n");
    let dir = folder(
        &settings,
        &["tests/fixtures/cite/every-type.md"],
        &|_, t| {
            let t = t.replacen(
            "author: Meera Iyer\n",
            "authors:\n  - name: Meera Iyer\n    orcid: 0000-0002-1825-0097\n  - name: Institute of Peace and Conflict Studies\n  - name: John Smith Jr.\n    orcid: https://orcid.org/0000-0001-5109-3700\n",
            1,
        );
            with_front(
                &t,
                "doi: 10.5555/cwa.2001\nseries: CWA\nnumber: 2001\nsummary: \"Water & law: <what> the \\\"treaty\\\" says\"\n",
            )
        },
    );
    let out = dir.path().join("out");
    let source = dir.path().join("every-type.md");
    let run = build(&["-f", "crossref", source.to_str().unwrap()], &out);
    assert!(run.status.success(), "{}", stderr(&run));
    let file = out.join("every-type.crossref.xml");
    validate(&file);
    let xml = read(&file);
    for expected in [
        "<report-paper_series_metadata language=\"en\">",
        "<title>CWA</title>",
        r#"<issn media_type="electronic">2049-3630</issn>"#,
        r#"<person_name sequence="first" contributor_role="author">"#,
        "<ORCID>https://orcid.org/0000-0002-1825-0097</ORCID>",
        r#"<organization sequence="additional" contributor_role="author">Institute of Peace and Conflict Studies</organization>"#,
        "<suffix>Jr.</suffix>",
        "<ORCID>https://orcid.org/0000-0001-5109-3700</ORCID>",
        // Escaped, with the smart punctuation every format prints.
        "<jats:p>Water &amp; law: &lt;what&gt; the “treaty” says</jats:p>",
        r#"<identifier id_type="report-number">2001</identifier>"#,
        "<doi>10.5555/cwa.2001</doi>",
        "<resource>https://explainers.example.org/every-type/</resource>",
        // A reference's DOI as its DOI; the others as the house style writes them.
        "<doi>10.5555/jsad.2021.0162</doi>",
        "<doi>10.5555/sacdrr.2022.014</doi>",
        "<unstructured_citation>",
    ] {
        assert!(xml.contains(expected), "no `{expected}` in:\n{xml}");
    }
    assert_eq!(count(&xml, "<citation key="), count(&xml, "</citation>"));
    assert_eq!(
        count(&xml, "<citation key="),
        count(&xml, "<unstructured_citation>") + 2,
        "every reference is cited once, by its DOI or as text:\n{xml}"
    );
    // The house style's text, not a template's: no markup left in it.
    let cited = xml.split("<unstructured_citation>").nth(1).unwrap();
    let cited = cited.split("</unstructured_citation>").next().unwrap();
    assert!(!cited.trim().is_empty() && !cited.contains('\n'), "{cited}");
}

#[test]
fn every_fixture_with_a_doi_gives_a_valid_deposit() {
    // The samples (with their images and brand), and the hostile, scripts and CRLF fixtures:
    // each given a DOI if it has none.
    let samples = tempfile::tempdir().unwrap();
    let mut sources: Vec<PathBuf> = Vec::new();
    for (from, files) in [
        ("samples", markdown_files("samples")),
        ("tests/fixtures/ok", markdown_files("tests/fixtures/ok")),
    ] {
        let to = samples.path().join(from.replace('/', "-"));
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(root().join(from)).unwrap().flatten() {
            let path = entry.path();
            if path.is_file() && path.extension().is_none_or(|e| e != "md" && e != "toml") {
                std::fs::copy(&path, to.join(entry.file_name())).unwrap();
            }
        }
        if root().join(from).join("images").is_dir() {
            std::fs::create_dir_all(to.join("images")).unwrap();
            for image in std::fs::read_dir(root().join(from).join("images"))
                .unwrap()
                .flatten()
            {
                std::fs::copy(image.path(), to.join("images").join(image.file_name())).unwrap();
            }
        }
        if root().join(from).join("brand.toml").is_file() {
            std::fs::copy(root().join(from).join("brand.toml"), to.join("brand.toml")).unwrap();
        }
        std::fs::write(to.join("folio.toml"), SETTINGS).unwrap();
        for (i, file) in files.iter().enumerate() {
            let text = std::fs::read_to_string(file).unwrap();
            let text = if text.contains("\ndoi:") {
                text
            } else {
                with_front(&text, &format!("doi: 10.5555/folio.{i}\n"))
            };
            let copy = to.join(file.file_name().unwrap());
            std::fs::write(&copy, text).unwrap();
            sources.push(copy);
        }
    }
    let out = samples.path().join("out");
    let mut args = vec!["-f", "crossref"];
    args.extend(sources.iter().map(|s| s.to_str().unwrap()));
    let run = build(&args, &out);
    assert!(run.status.success(), "{}", stderr(&run));
    for source in &sources {
        let stem = source.file_stem().unwrap().to_string_lossy();
        let file = out.join(format!("{stem}.crossref.xml"));
        validate(&file);
    }
    // Hostile text is text: escaped, never markup.
    let hostile = read(&out.join("hostile.crossref.xml"));
    assert!(hostile.contains("&lt;lbl&gt;"), "{hostile}");
    assert!(!hostile.contains("<lbl>") && !hostile.contains("<script"));
}

#[test]
fn the_annual_is_an_edited_book_with_its_chapters_that_have_a_doi() {
    let annual = root().join("tests/fixtures/annual");
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&annual).unwrap().flatten() {
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let toml = std::fs::read_to_string(annual.join("folio.toml")).unwrap();
    std::fs::write(dir.path().join("folio.toml"), format!("{toml}\n{SETTINGS}")).unwrap();
    for (file, doi) in [
        ("a-march.md", "10.5555/cwa.1950"),
        ("c-september.md", "10.5555/cwa.1970"),
    ] {
        let text = std::fs::read_to_string(annual.join(file)).unwrap();
        std::fs::write(
            dir.path().join(file),
            with_front(&text, &format!("doi: {doi}\n")),
        )
        .unwrap();
    }
    let annual_into = |out: &Path| {
        let run = folio(&[
            "annual",
            dir.path().to_str().unwrap(),
            "--year",
            "2025",
            "-f",
            "crossref",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(run.status.success(), "{}", stderr(&run));
        assert_eq!(listing(out), ["annual-2025.crossref.xml"]);
    };
    let out = dir.path().join("out");
    annual_into(&out);
    let file = out.join("annual-2025.crossref.xml");
    validate(&file);
    let xml = read(&file);
    for expected in [
        r#"<book book_type="edited_book">"#,
        "<title>NIAS Explainers 2025</title>",
        "<subtitle>A year of Conflict and Peace explainers</subtitle>",
        r#"<person_name sequence="first" contributor_role="editor">"#,
        "<surname>Rao</surname>",
        r#"<isbn media_type="print">978-0-306-40615-7</isbn>"#,
        r#"<isbn media_type="electronic">978-1-86197-876-9</isbn>"#,
        "<doi>10.5555/cwa.1950</doi>",
        "<doi>10.5555/cwa.1970</doi>",
        "<resource>https://explainers.example.org/a-march/</resource>",
        "<resource>https://explainers.example.org/c-september/</resource>",
    ] {
        assert!(xml.contains(expected), "no `{expected}` in:\n{xml}");
    }
    // Two chapters of four have a DOI: two content items, numbered as in the book.
    assert_eq!(
        count(&xml, "<content_item component_type=\"chapter\""),
        2,
        "{xml}"
    );
    assert!(
        xml.contains("<component_number>1</component_number>"),
        "{xml}"
    );
    assert!(
        xml.contains("<component_number>3</component_number>"),
        "{xml}"
    );

    // Byte-identical when built again.
    let again = dir.path().join("again");
    annual_into(&again);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        std::fs::read(again.join("annual-2025.crossref.xml")).unwrap()
    );
}

const NO_DOI: &str =
    "---\ntitle: A Piece Without a DOI\ndate: 2025-05-01\nauthor: Ravi Kumar\n---\n\nText.\n";
const WITH_DOI: &str = "---\ntitle: A Piece\ndate: 2025-05-01\nauthor: Ravi Kumar\ndoi: 10.5555/piece.1\n---\n\nText.\n";

/// Builds `source` (written into a folder with `settings`, if any) as `formats`; returns the
/// folder, the run's stderr and the output folder, after checking that it failed and wrote
/// nothing.
fn refused(settings: Option<&str>, source: &str, formats: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    if let Some(settings) = settings {
        std::fs::write(dir.path().join("folio.toml"), settings).unwrap();
    }
    let path = dir.path().join("piece.md");
    std::fs::write(&path, source).unwrap();
    let out = dir.path().join("out");
    let run = build(&["-f", formats, path.to_str().unwrap()], &out);
    assert!(!run.status.success(), "built:\n{}", stderr(&run));
    assert!(listing(&out).is_empty(), "wrote {:?}", listing(&out));
    (dir, stderr(&run))
}

#[test]
fn a_source_without_a_doi_is_an_error_at_its_title() {
    let (dir, said) = refused(Some(SETTINGS), NO_DOI, "crossref");
    let at = format!("{}:2:1: error: ", dir.path().join("piece.md").display());
    assert!(said.starts_with(&at), "expected `{at}…`, got:\n{said}");
    assert!(said.contains("has no DOI"), "{said}");
    assert!(
        said.contains("doi: 10."),
        "the help shows how to add it:\n{said}"
    );
}

#[test]
fn a_missing_depositor_is_an_error_at_its_table_and_nothing_is_written() {
    let settings = SETTINGS.replace("depositor = \"NIAS Publications\"\n", "");
    // With the PDF too: one output refused, none written.
    let (dir, said) = refused(Some(&settings), WITH_DOI, "pdf,crossref");
    let at = format!("{}:4:1: error: ", dir.path().join("folio.toml").display());
    assert!(said.starts_with(&at), "expected `{at}…`, got:\n{said}");
    assert!(said.contains("[crossref] has no `depositor`"), "{said}");
    assert!(
        said.contains("depositor = "),
        "the help shows how to set it:\n{said}"
    );

    // No `[crossref]` at all, and no folio.toml at all: the file is named.
    let (dir, said) = refused(
        Some("[site]\nbase_url = \"https://example.org/\"\n"),
        WITH_DOI,
        "crossref",
    );
    let at = format!("{}: error: ", dir.path().join("folio.toml").display());
    assert!(
        said.starts_with(&at) && said.contains("`[crossref]`"),
        "{said}"
    );
    let (dir, said) = refused(None, WITH_DOI, "crossref");
    let at = format!(
        "{}: error: no folio.toml",
        dir.path().join("folio.toml").display()
    );
    assert!(said.starts_with(&at), "expected `{at}…`, got:\n{said}");
}

#[test]
fn a_missing_base_url_is_an_error_at_its_line() {
    // No `[site]`: at `[crossref]`, which needs it.
    let settings = SETTINGS.replace(
        "[site]\nbase_url = \"https://explainers.example.org/\"\n",
        "",
    );
    let (dir, said) = refused(Some(&settings), WITH_DOI, "crossref");
    let at = format!(
        "{}:2:1: error: [site] base_url is not set",
        dir.path().join("folio.toml").display()
    );
    assert!(said.starts_with(&at), "expected `{at}…`, got:\n{said}");
    // `[site]` without it: at `[site]`.
    let settings = SETTINGS.replace(
        "base_url = \"https://explainers.example.org/\"\n",
        "title = \"T\"\n",
    );
    let (dir, said) = refused(Some(&settings), WITH_DOI, "crossref");
    let at = format!(
        "{}:1:1: error: [site] base_url is not set",
        dir.path().join("folio.toml").display()
    );
    assert!(said.starts_with(&at), "expected `{at}…`, got:\n{said}");
    // A wrong ISSN at its line.
    let settings = format!("{SETTINGS}issn = \"2049-3631\"\n");
    let (dir, said) = refused(Some(&settings), WITH_DOI, "crossref");
    let at = format!(
        "{}:8:1: error: [crossref] issn",
        dir.path().join("folio.toml").display()
    );
    assert!(said.starts_with(&at), "expected `{at}…`, got:\n{said}");
}

#[test]
fn a_site_deposits_the_explainers_changed_since_its_last_deposit() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("folio.toml"), SETTINGS).unwrap();
    let piece = |n: u32, title: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2025-05-0{n}\nauthor: Ravi Kumar\ndoi: 10.5555/piece.{n}\n---\n\nText {n}.\n"
        )
    };
    std::fs::write(src.join("one.md"), piece(1, "One")).unwrap();
    std::fs::write(src.join("two.md"), piece(2, "Two")).unwrap();
    std::fs::write(src.join("none.md"), NO_DOI).unwrap();
    let site = dir.path().join("site");
    let run_site = || {
        let run = folio(&[
            "site",
            src.to_str().unwrap(),
            "-f",
            "html",
            "--out",
            site.to_str().unwrap(),
        ]);
        assert!(run.status.success(), "{}", stderr(&run));
    };
    // First: every explainer with a DOI.
    run_site();
    let deposit = site.join("crossref.xml");
    validate(&deposit);
    let first = read(&deposit);
    assert!(
        first.contains("<doi>10.5555/piece.1</doi>")
            && first.contains("<doi>10.5555/piece.2</doi>"),
        "{first}"
    );
    assert_eq!(count(&first, "<report-paper>"), 2, "{first}");
    assert!(
        first.contains("<timestamp>20250502000000</timestamp>"),
        "{first}"
    );
    assert!(first.contains("<resource>https://explainers.example.org/one/</resource>"));
    assert!(
        site.join("one/index.html").is_file(),
        "the page the DOI resolves to exists"
    );

    // Nothing changed: nothing to deposit, and the last run's deposit is gone.
    run_site();
    assert!(!deposit.exists(), "an unchanged site left a deposit");

    // One corrected: only it, later than the last deposit.
    std::fs::write(src.join("two.md"), piece(2, "Two, Corrected")).unwrap();
    run_site();
    validate(&deposit);
    let second = read(&deposit);
    assert_eq!(count(&second, "<report-paper>"), 1, "{second}");
    assert!(
        second.contains("<doi>10.5555/piece.2</doi>") && !second.contains("piece.1<"),
        "{second}"
    );
    assert!(second.contains("<title>Two, Corrected</title>"), "{second}");
    assert!(
        second.contains("<timestamp>20250502000001</timestamp>"),
        "{second}"
    );
}
