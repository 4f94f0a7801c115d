//! A brand's reference document (`[docx] reference`, as pandoc's `--reference-doc`): the styles,
//! page (size, margins, header and footer) and theme a Word file takes from it.
//!
//! Its `styles.xml` is kept whole, with folio's styles it lacks added; a folio style it has
//! under another id (a German Word's `Titel` for Title) is used by that id. Its last section's
//! properties become the document's, its headers and footers (with what they show) and its
//! theme are copied. Nothing else of it is read: its text is not the content.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use roxmltree::{Document, Node};

use super::wml::Relationship;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// No part of a reference document is read beyond this (a guard against zip bombs).
const PART_LIMIT: u64 = 32 << 20;
const HEADER: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header";
const FOOTER: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer";
const THEME: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";

/// What a Word file takes from its reference document.
#[derive(Debug, Default)]
pub struct Reference {
    /// Its `word/styles.xml`.
    styles: String,
    /// Its style ids, and its style names (lower case) → ids.
    ids: BTreeSet<String>,
    names: BTreeMap<String, String>,
    /// Its last section's properties (`w:sectPr`), its relationship ids made the document's.
    pub section: Option<String>,
    /// Parts copied under `word/` (headers, footers, the theme, their relationships and images).
    pub parts: Vec<(String, Vec<u8>)>,
    /// Content types of the copied parts (part under `word/` → type), and of their files' extensions.
    pub overrides: Vec<(String, String)>,
    pub defaults: Vec<(String, String)>,
    /// The document's relationships to the copied headers, footers and theme.
    pub relationships: Vec<Relationship>,
}

impl Reference {
    /// Reads the reference document `bytes`; an error says what is wrong with it.
    pub fn read(bytes: &[u8]) -> Result<Reference, String> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("is not a Word document (.docx): {e}"))?;
        let mut part = |name: &str| -> Option<Vec<u8>> {
            let f = zip.by_name(name).ok()?;
            let mut out = Vec::new();
            f.take(PART_LIMIT).read_to_end(&mut out).ok()?;
            Some(out)
        };
        let text = |b: Vec<u8>| {
            String::from_utf8(b).map_err(|_| "has a part that is not UTF-8".to_string())
        };
        let styles = text(part("word/styles.xml").ok_or("has no word/styles.xml")?)?;
        let document = text(part("word/document.xml").ok_or("has no word/document.xml")?)?;
        let rels = part("word/_rels/document.xml.rels")
            .map(text)
            .transpose()?
            .unwrap_or_default();
        let types = part("[Content_Types].xml")
            .map(text)
            .transpose()?
            .unwrap_or_default();

        let parsed = Document::parse(&styles)
            .map_err(|e| format!("has a styles.xml that is not XML: {e}"))?;
        let root = parsed.root_element();
        if root.tag_name().namespace() != Some(W) {
            return Err(
                "is saved as Strict Open XML, which folio does not read; save it as a Word Document (.docx)"
                    .into(),
            );
        }
        let mut ids = BTreeSet::new();
        let mut names = BTreeMap::new();
        for s in root.children().filter(|n| n.has_tag_name((W, "style"))) {
            let Some(id) = s.attribute((W, "styleId")) else {
                continue;
            };
            ids.insert(id.to_string());
            if let Some(name) = child(s, "name").and_then(|n| n.attribute((W, "val"))) {
                names
                    .entry(name.to_lowercase())
                    .or_insert_with(|| id.to_string());
            }
        }
        let mut reference = Reference {
            styles: styles.clone(),
            ids,
            names,
            ..Reference::default()
        };

        // The relationships the section needs, and the content types of what they point to.
        let rels = Document::parse(&rels).ok();
        let targets: BTreeMap<String, (String, String)> = rels
            .iter()
            .flat_map(|d| d.root_element().children())
            .filter(|n| n.is_element())
            .filter_map(|n| {
                Some((
                    n.attribute("Id")?.to_string(),
                    (
                        n.attribute("Type")?.to_string(),
                        n.attribute("Target")?.to_string(),
                    ),
                ))
            })
            .collect();
        let types = Document::parse(&types).ok();
        let override_of = |part: &str| -> Option<String> {
            types.as_ref()?.root_element().children().find_map(|n| {
                (n.attribute("PartName")? == format!("/word/{part}"))
                    .then(|| n.attribute("ContentType").map(str::to_string))?
            })
        };
        if let Some(types) = &types {
            for n in types
                .root_element()
                .children()
                .filter(|n| n.has_tag_name("Default"))
            {
                if let (Some(ext), Some(t)) = (n.attribute("Extension"), n.attribute("ContentType"))
                    && !matches!(ext.to_ascii_lowercase().as_str(), "rels" | "xml")
                {
                    reference.defaults.push((ext.to_string(), t.to_string()));
                }
            }
        }

        let mut copy = |reference: &mut Reference, target: &str, kind: &str| -> Option<String> {
            // Only parts inside word/, by a plain relative name.
            if target.contains("..") || target.starts_with('/') || target.contains(':') {
                return None;
            }
            let bytes = part(&format!("word/{target}"))?;
            let content_type = override_of(target).unwrap_or_else(|| kind.to_string());
            reference.overrides.push((target.to_string(), content_type));
            reference.parts.push((target.to_string(), bytes));
            // A header's own relationships (its logo) and their files.
            let (dir, file) = target.rsplit_once('/').unwrap_or(("", target));
            let rels_name = if dir.is_empty() {
                format!("_rels/{file}.rels")
            } else {
                format!("{dir}/_rels/{file}.rels")
            };
            if let Some(rels) = part(&format!("word/{rels_name}")) {
                if let Ok(text) = String::from_utf8(rels.clone())
                    && let Ok(d) = Document::parse(&text)
                {
                    {
                        for n in d.root_element().children().filter(|n| n.is_element()) {
                            let external = n.attribute("TargetMode") == Some("External");
                            let Some(t) = n.attribute("Target") else {
                                continue;
                            };
                            if external || t.contains("..") || t.starts_with('/') {
                                continue;
                            }
                            let path = if dir.is_empty() {
                                t.to_string()
                            } else {
                                format!("{dir}/{t}")
                            };
                            if let Some(b) = part(&format!("word/{path}")) {
                                reference.parts.push((path, b));
                            }
                        }
                    }
                }
                reference.parts.push((rels_name, rels));
            }
            Some(target.to_string())
        };

        let body_doc = Document::parse(&document)
            .map_err(|e| format!("has a document.xml that is not XML: {e}"))?;
        let body = body_doc
            .root_element()
            .children()
            .find(|n| n.has_tag_name((W, "body")));
        let section = body.and_then(|b| b.children().rfind(|n| n.has_tag_name((W, "sectPr"))));
        if let Some(section) = section {
            let mut xml = document[section.range()].to_string();
            let w = section.lookup_prefix(W).unwrap_or("w").to_string();
            let r = section.lookup_prefix(R).unwrap_or("r").to_string();
            let mut n = 0;
            for reference_node in section.children().filter(|c| {
                c.has_tag_name((W, "headerReference")) || c.has_tag_name((W, "footerReference"))
            }) {
                let Some(old) = reference_node.attribute((R, "id")) else {
                    continue;
                };
                let Some((kind, target)) = targets.get(old) else {
                    continue;
                };
                let content = if kind == HEADER {
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
                } else if kind == FOOTER {
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
                } else {
                    continue;
                };
                if copy(&mut reference, target, content).is_none() {
                    continue;
                }
                n += 1;
                let id = format!("rIdRef{n}");
                xml = xml.replace(&format!("{r}:id=\"{old}\""), &format!("r:id=\"{id}\""));
                reference.relationships.push(Relationship {
                    id,
                    kind: if kind == HEADER { HEADER } else { FOOTER },
                    target: target.clone(),
                    external: false,
                });
            }
            // Written where the document's own prefixes are `w` and `r`.
            if w != "w" {
                xml = xml
                    .replace(&format!("<{w}:"), "<w:")
                    .replace(&format!("</{w}:"), "</w:")
                    .replace(&format!(" {w}:"), " w:");
            }
            reference.section = Some(xml);
        }
        if let Some((_, target)) = targets.values().find(|(kind, _)| kind == THEME) {
            let target = target.clone();
            if copy(
                &mut reference,
                &target,
                "application/vnd.openxmlformats-officedocument.theme+xml",
            )
            .is_some()
            {
                reference.relationships.push(Relationship {
                    id: "rIdRefTheme".into(),
                    kind: THEME,
                    target,
                    external: false,
                });
            }
        }
        Ok(reference)
    }

    /// The id the reference gives folio's style `id` named `name`: its own id for a style of
    /// that name, else folio's.
    pub fn style_id<'a>(&'a self, id: &'a str, name: &str) -> &'a str {
        if self.ids.contains(id) {
            return id;
        }
        self.names
            .get(&name.to_lowercase())
            .map_or(id, String::as_str)
    }

    /// Its styles with folio's `ours` (a rendered `styles.xml`) added where it lacks them, and
    /// folio's style ids → the reference's where it names the same style differently.
    pub fn styles(&self, ours: &str) -> (String, BTreeMap<String, String>) {
        let mut renamed = BTreeMap::new();
        let mut added = String::new();
        if let Ok(doc) = Document::parse(ours) {
            for s in doc
                .root_element()
                .children()
                .filter(|n| n.has_tag_name((W, "style")))
            {
                let Some(id) = s.attribute((W, "styleId")) else {
                    continue;
                };
                let name = child(s, "name")
                    .and_then(|n| n.attribute((W, "val")))
                    .unwrap_or(id);
                let theirs = self.style_id(id, name);
                if theirs != id {
                    renamed.insert(id.to_string(), theirs.to_string());
                } else if !self.ids.contains(id) {
                    let xml = &ours[s.range()];
                    // Bound to the namespace wherever the reference declares it.
                    added.push_str(&xml.replacen(
                        "<w:style ",
                        &format!("<w:style xmlns:w=\"{W}\" "),
                        1,
                    ));
                    added.push('\n');
                }
            }
        }
        let added = rename_styles(&added, &renamed);
        let mut styles = self.styles.clone();
        match styles.rfind("</") {
            Some(at) => styles.insert_str(at, &added),
            None => styles.push_str(&added),
        }
        (styles, renamed)
    }
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name((W, name)))
}

/// `xml` with every use of a style renamed (`<w:pStyle w:val="Title"/>` → `"Titel"`).
pub fn rename_styles(xml: &str, renamed: &BTreeMap<String, String>) -> String {
    let mut out = xml.to_string();
    for (ours, theirs) in renamed {
        for tag in ["pStyle", "rStyle", "tblStyle", "basedOn", "next"] {
            out = out.replace(
                &format!("<w:{tag} w:val=\"{ours}\"/>"),
                &format!("<w:{tag} w:val=\"{theirs}\"/>"),
            );
        }
    }
    out
}
