//! Recognises an explainer's shape in a [`Flow`]: the header (kind, title, subtitle, series mark,
//! volume and issue), byline, date and photo credit, the lede and the questions, lists, the
//! references, the bios and the catalogue of earlier pieces. The same recognition serves plain
//! text, Word and web pages; what the input marks itself (a Title style, a heading) is taken
//! over a guess. Whatever cannot be placed with confidence stays as text with a warning naming
//! its input line.

use std::path::Path;

use super::flow::{Block, Flow, Hints, Kind, Run};
use super::shapes::{self, EndHeading, Name};
use crate::book::CatalogueEntry;
use crate::diag::Diagnostic;
use crate::source::{AuthorMeta, FrontMatter, ImageMeta, Names, ReferenceMeta};

/// The front matter as the recogniser fills it in; written as the one declaration of the keys,
/// [`FrontMatter`] ([`Front::front_matter`]).
#[derive(Debug, Default)]
pub struct Front {
    pub title: String,
    pub subtitle: Option<String>,
    pub kind: Option<String>,
    pub series: Option<String>,
    pub number: Option<u32>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub date: String,
    pub lang: Option<String>,
    pub authors: Vec<AuthorOut>,
    pub keywords: Vec<String>,
    pub summary: Option<String>,
    pub doi: Option<String>,
    pub image: Option<ImageOut>,
    pub references: Vec<ReferenceOut>,
}

#[derive(Debug, Default)]
pub struct AuthorOut {
    pub name: String,
    pub affiliation: Option<String>,
    pub orcid: Option<String>,
    pub bio: Option<String>,
    /// The name in its own script, used to find the bio; not written.
    pub native: Option<String>,
}

#[derive(Debug)]
pub struct ImageOut {
    pub src: String,
    pub alt: Option<String>,
    pub credit: String,
}

#[derive(Debug, Default)]
pub struct ReferenceOut {
    pub author: Option<String>,
    pub title: String,
    pub publisher: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    /// When the address was read ("… https://x.org/ (accessed 10 January 2026)"), ISO.
    pub accessed: Option<String>,
}

impl Front {
    /// What the import writes: the title, date and authors always (empty or not), the rest
    /// when known.
    pub fn front_matter(&self) -> FrontMatter {
        FrontMatter {
            title: Some(self.title.clone()),
            subtitle: self.subtitle.clone(),
            kind: self.kind.clone(),
            series: self.series.clone(),
            number: self.number,
            volume: self.volume.clone(),
            issue: self.issue.clone(),
            date: Some(self.date.clone()),
            lang: self.lang.clone(),
            authors: Some(
                self.authors
                    .iter()
                    .map(|a| AuthorMeta {
                        name: a.name.clone(),
                        affiliation: a.affiliation.clone(),
                        orcid: a.orcid.clone(),
                        bio: a.bio.clone(),
                        email: None,
                    })
                    .collect(),
            ),
            author: None,
            keywords: self.keywords.clone(),
            summary: self.summary.clone(),
            doi: self.doi.clone(),
            image: self.image.as_ref().map(|i| ImageMeta {
                src: i.src.clone(),
                alt: i.alt.clone(),
                credit: Some(i.credit.clone()),
            }),
            references: self
                .references
                .iter()
                .map(|r| ReferenceMeta {
                    author: r.author.clone().map(Names::One),
                    title: r.title.clone(),
                    publisher: r.publisher.clone(),
                    date: r.date.clone(),
                    url: r.url.clone(),
                    accessed: r.accessed.clone(),
                    ..ReferenceMeta::default()
                })
                .collect(),
        }
    }
}

/// An explainer recognised in a flow.
#[derive(Debug)]
pub struct Recognised {
    pub front: Front,
    /// A photo credit with no photo to carry it: written as a comment.
    pub loose_credit: Option<String>,
    pub body: Vec<Block>,
    pub notes: Vec<Vec<Run>>,
    pub catalogue: Vec<CatalogueEntry>,
    /// How many sections (question headings) the body has.
    pub sections: usize,
}

/// Where the import looks for a date when the text has none: the series' catalogue so far.
pub struct Context<'a> {
    pub path: &'a Path,
    /// The photo beside the input, if any (its file name in the output).
    pub photo: Option<String>,
    /// Whether a photo could stand beside the input (plain text); a Word file or page holds its
    /// own pictures.
    pub photo_beside: bool,
    /// Catalogue entries already known (`series.yaml` in the output folder).
    pub known: &'a [CatalogueEntry],
}

struct Reader<'a> {
    path: &'a Path,
    warnings: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    fn warn(&mut self, line: usize, msg: impl Into<String>) {
        self.warnings
            .push(Diagnostic::warning(self.path, line, 1, msg.into()));
    }
}

/// Recognises the explainer in `flow`, step by step: the blocks tidied, the header, what follows
/// the series mark, the body, the authors, the end matter, the date, what the file's own
/// metadata adds, the photo.
pub fn recognise(
    flow: Flow,
    cx: &Context,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Recognised, Vec<Diagnostic>> {
    let Flow {
        blocks,
        notes,
        hints,
        images: _,
    } = flow;
    let mut rec = Recognition::new(blocks, hints, cx, warnings);
    let i = rec.header()?;
    let i = rec.after_the_mark(i);
    let text = rec.body(i);
    rec.authors(text.contributors, i)?;
    let catalogue = rec.end_matter(text.end);
    let date_line = rec.date(&catalogue);
    rec.fill_from_hints()?;
    let loose_credit = rec.photo();
    if text.sections == 0 && !text.blocks.is_empty() {
        rec.r.warn(date_line, "no question headings (`1. …`, or a short line ending in `?` before its answer): the whole text is the lede");
    }
    Ok(Recognised {
        front: rec.front,
        loose_credit,
        body: text.blocks,
        notes,
        catalogue,
        sections: text.sections,
    })
}

/// An explainer being recognised: the flow's blocks, tidied, and what has been read so far.
struct Recognition<'a> {
    r: Reader<'a>,
    cx: &'a Context<'a>,
    hints: Hints,
    blocks: Vec<Block>,
    /// The first block's line, where a fault with no line of its own is told.
    first_line: usize,
    /// The block holding the series mark (`CWA #1975`), if the header has one.
    series_at: Option<usize>,
    front: Front,
    date: Option<(usize, shapes::ReadDate)>,
    names: Vec<(usize, Name)>,
    credit: Option<(usize, String)>,
}

/// The body as recognised: its blocks and sections, where the end matter starts, and a
/// contributors line taken out of it.
struct Text {
    blocks: Vec<Block>,
    sections: usize,
    end: usize,
    contributors: Option<(usize, Vec<Name>)>,
}

impl<'a> Recognition<'a> {
    /// The blocks tidied: empty ones dropped, a line repeated in the header (the seed repeats
    /// its kind) kept once, a series mark after other text on its line ("Title | CWA #12")
    /// made a line of its own.
    fn new(
        blocks: Vec<Block>,
        hints: Hints,
        cx: &'a Context<'a>,
        warnings: &'a mut Vec<Diagnostic>,
    ) -> Self {
        let mut blocks: Vec<Block> = blocks
            .into_iter()
            .filter(|b| {
                !b.text().is_empty()
                    || !matches!(b.kind, Kind::Para | Kind::Heading(_))
                    || has_image(b)
            })
            .collect();
        let mut k = 1;
        while k < blocks.len().min(12) {
            if blocks[k].text() == blocks[k - 1].text() && blocks[k].kind == blocks[k - 1].kind {
                blocks.remove(k);
            } else {
                k += 1;
            }
        }
        // A line holding a series mark after other text that is not a kind is two lines.
        let mut k = 0;
        while k < blocks.len().min(8) {
            let t = blocks[k].text();
            if shapes::series_mark(&t).is_some() {
                break;
            }
            if blocks[k].kind == Kind::Para
                && let Some((Some(before), _)) = shapes::series_in(&t)
                && !is_kind(before)
            {
                let line = blocks[k].line;
                let mark = t[before.len()..]
                    .trim_start_matches(|c: char| c.is_whitespace() || "·|•–—/".contains(c));
                let (a, b) = (Block::para(line, before), Block::para(line, mark));
                blocks.splice(k..=k, [a, b]);
                k += 1;
            }
            k += 1;
        }
        let first_line = blocks.first().map_or(1, |b| b.line);
        let series_at = blocks.iter().take(25).position(|b| {
            !matches!(b.kind, Kind::Item { .. }) && shapes::series_in(&b.text()).is_some()
        });
        Recognition {
            r: Reader {
                path: cx.path,
                warnings,
            },
            cx,
            hints,
            blocks,
            first_line,
            series_at,
            front: Front::default(),
            date: None,
            names: Vec::new(),
            credit: None,
        }
    }

    /// The import's error at `line`, with what it reads.
    fn fail(&self, line: usize, msg: &str) -> Vec<Diagnostic> {
        vec![Diagnostic::error(self.cx.path, line, 1, msg.to_string()).with_help(
            "folio import reads an explainer's shape: kind, title, subtitle, a series mark such as `CWA #1975`, byline, date, text, References, About the author",
        )]
    }

    /// The header: up to the series mark (or, without one, up to the date or the first text),
    /// read into the front matter. Returns where the text after it starts.
    fn header(&mut self) -> Result<usize, Vec<Diagnostic>> {
        let (header_end, i, later_header) = match self.series_at {
            Some(s) => self.header_to_the_mark(s),
            None => self.header_without_a_mark()?,
        };
        let header: Vec<Block> = self.blocks[..header_end]
            .iter()
            .cloned()
            .chain(later_header)
            .collect();
        read_header(
            &mut self.r,
            &header,
            &self.hints,
            &mut self.front,
            &mut self.names,
            &mut self.date,
        )?;
        Ok(i)
    }

    /// A header up to the series mark at block `s`, read with it (kind, series, number and
    /// what follows on its line); and, for a mark above the title, the header's lines after it
    /// (a date or a photo credit may come first), up to the byline. Returns where the header
    /// before the mark ends, where the text after it starts, and the header's lines after it.
    fn header_to_the_mark(&mut self, s: usize) -> (usize, usize, Vec<Block>) {
        let blocks = &self.blocks;
        let text = blocks[s].text();
        let (kicker, mark) = shapes::series_in(&text).expect("found above");
        // A kicker before the mark is the kind (other text before it was split off above).
        if let Some(k) = kicker {
            self.front.kind = Some(k.to_string());
        }
        self.front.series = Some(mark.label.clone());
        self.front.number = Some(mark.number);
        read_series_rest(
            &mut self.r,
            blocks[s].line,
            mark.rest,
            &mut self.front,
            &mut self.date,
        );
        let mut i = s + 1;
        let mut later_header: Vec<Block> = Vec::new();
        let before: Vec<String> = blocks[..s].iter().map(Block::text).collect();
        if before.iter().all(|t| is_kind(t)) {
            while i < blocks.len() && i < s + 8 && later_header.len() < 4 {
                let t = blocks[i].text();
                if self.date.is_none()
                    && let Some(d) = shapes::parse_date(&t)
                {
                    self.date = Some((blocks[i].line, d));
                    i += 1;
                    continue;
                }
                if let Some(c) = credit_text(&t) {
                    self.credit = Some((blocks[i].line, c.to_string())).filter(|c| !c.1.is_empty());
                    i += 1;
                    continue;
                }
                // The first line that is not a kind is the title, whatever it looks like.
                let titled = later_header.iter().any(|b| !is_kind(&b.text()))
                    || blocks[..s].iter().any(|b| !is_kind(&b.text()));
                let meta = (titled && shapes::looks_like_names(&t) && !is_kind(&t))
                    || t.starts_with("By ")
                    || t.split(['|', '·']).any(|p| {
                        shapes::parse_date(p.trim().trim_start_matches("Published").trim())
                            .is_some()
                    })
                    || t.to_lowercase().starts_with("contributor")
                    || t.len() > 200
                    || blocks[i].is_heading()
                        && blocks[i].kind != Kind::Title
                        && blocks[i].kind != Kind::Subtitle
                    || shapes::numbered(&t).is_some();
                if meta {
                    break;
                }
                later_header.push(blocks[i].clone());
                i += 1;
            }
        }
        (s, i, later_header)
    }

    /// Without a series mark the header ends at the first date, byline or marked heading
    /// after the title. Returns where it ends (where the text starts), twice, and no lines after
    /// it.
    fn header_without_a_mark(&self) -> Result<(usize, usize, Vec<Block>), Vec<Diagnostic>> {
        let blocks = &self.blocks;
        let title_at = blocks.iter().take(25).position(|b| b.kind == Kind::Title);
        let from = title_at.map_or(0, |t| t + 1);
        let end = blocks
            .iter()
            .enumerate()
            .skip(from)
            .take(8)
            .find(|(_, b)| {
                let t = b.text();
                shapes::parse_date(&t).is_some()
                    || t.starts_with("By ")
                    || (b.kind != Kind::Subtitle && b.kind != Kind::Title && b.is_heading())
                    || (b.kind == Kind::Para && t.len() > 160)
            })
            .map_or(from.max(1).min(blocks.len()), |(k, _)| k);
        // A byline just before the date belongs after the header.
        let end = if end >= 2
            && end < blocks.len()
            && shapes::parse_date(&blocks[end].text()).is_some()
            && blocks[end - 1].kind == Kind::Para
            && shapes::could_be_byline(&blocks[end - 1].text())
            && end - 1 > title_at.map_or(0, |t| t + 1).max(1) - 1
        {
            end - 1
        } else {
            end
        };
        if self.hints.title.is_none() && blocks.iter().take(end).all(|b| b.text().is_empty()) {
            return Err(self.fail(
                self.first_line,
                "no title and no series mark (e.g. `CWA #1975`) in the first 25 lines",
            ));
        }
        Ok((end, end, Vec::new()))
    }

    /// After the series mark, from block `i`: byline, date, photo credit, volume mark, in any
    /// order. Returns where the body starts.
    fn after_the_mark(&mut self, mut i: usize) -> usize {
        let blocks = &self.blocks;
        let mut guard = 0;
        while i < blocks.len() && guard < 6 {
            guard += 1;
            let b = &blocks[i];
            if b.is_heading() && b.kind != Kind::Subtitle {
                break;
            }
            let t = b.text();
            if is_furniture(&t) {
                i += 1;
                continue;
            }
            // "By A and B | 12 March 2026 | 5 min read": each part read on its own.
            if !b.is_heading()
                && read_meta_line(
                    &t,
                    b.line,
                    &mut self.names,
                    &mut self.date,
                    &mut self.credit,
                )
            {
                i += 1;
                continue;
            }
            // A page lists its authors one to a line.
            if self.names.len() == 1
                && self.names[0].0 + 1 >= b.line
                && shapes::looks_like_names(&t)
                && shapes::split_names(&t).len() == 1
                && !is_kind(&t)
            {
                self.names
                    .extend(shapes::split_names(&t).into_iter().map(|n| (b.line, n)));
                i += 1;
                continue;
            }
            if let Some(rest) = credit_text(&t) {
                if !rest.is_empty() {
                    self.credit = Some((b.line, rest.to_string()));
                }
            } else if self.date.is_none()
                && let Some(d) =
                    shapes::parse_date(t.trim_start_matches("Published").trim_start_matches(':'))
            {
                self.date = Some((b.line, d));
            } else if let Some((before, vol, iss)) = shapes::volume_mark(&t)
                && before.is_empty()
            {
                self.front.volume = Some(vol);
                self.front.issue = iss;
            } else if self.names.is_empty()
                && shapes::could_be_byline(&t)
                && (t.starts_with("By ") || shapes::looks_like_names(&t))
            {
                self.names = shapes::split_names(&t)
                    .into_iter()
                    .map(|n| (b.line, n))
                    .collect();
            } else if self.names.is_empty()
                && self.front.subtitle.is_none()
                && t.len() < 160
                && !t.ends_with('.')
                && blocks.get(i + 1).is_some_and(|n| {
                    let n = n.text();
                    n.starts_with("By ") || shapes::looks_like_names(&n)
                })
            {
                // A subtitle under the series mark, above the byline.
                self.front.subtitle = Some(t.clone());
            } else if let Some((mark, d)) = byline_with_date(&t)
                && self.names.is_empty()
                && self.date.is_none()
            {
                self.names = shapes::split_names(mark)
                    .into_iter()
                    .map(|n| (b.line, n))
                    .collect();
                self.date = Some((b.line, d));
            } else {
                break;
            }
            i += 1;
        }
        i
    }

    /// Where the end matter after block `from` starts: its next heading (References, About the
    /// author, the catalogue), or the end.
    fn end_at(&self, from: usize) -> usize {
        self.blocks[from..]
            .iter()
            .position(|b| {
                !matches!(b.kind, Kind::Item { .. }) && shapes::end_heading(&b.text()).is_some()
            })
            .map_or(self.blocks.len(), |p| from + p)
    }

    /// The body, from block `i` up to the end matter: a contributors line taken out of it (and
    /// a photo credit below a note or that line, before the first heading), its questions
    /// made sections.
    fn body(&mut self, i: usize) -> Text {
        let end = self.end_at(i);
        let mut body: Vec<Block> = self.blocks[i..end].to_vec();
        let contributors = take_contributors(&mut body);
        if self.credit.is_none()
            && let Some(k) = body
                .iter()
                .take_while(|b| !b.is_heading())
                .take(6)
                .position(|b| credit_text(&b.text()).is_some())
        {
            let b = body.remove(k);
            let t = b.text();
            self.credit = credit_text(&t)
                .filter(|c| !c.is_empty())
                .map(|c| (b.line, c.to_string()));
        }
        let marked_headings = body.iter().any(|b| matches!(b.kind, Kind::Heading(_)));
        let (blocks, sections) = shape_body(body, marked_headings);
        Text {
            blocks,
            sections,
            end,
            contributors,
        }
    }

    /// Authors: the byline, its team replaced by the contributors, or the file's own list; with
    /// what the file's metadata says of the same people. An error (at the block before `i`, where
    /// the text starts) when there are none.
    fn authors(
        &mut self,
        contributors: Option<(usize, Vec<Name>)>,
        i: usize,
    ) -> Result<(), Vec<Diagnostic>> {
        let names = std::mem::take(&mut self.names);
        let team = names.len() == 1 && is_team(&names[0].1.name);
        let names: Vec<(usize, Name)> = match contributors {
            Some((line, list)) if names.is_empty() || team => {
                list.into_iter().map(|n| (line, n)).collect()
            }
            Some((line, list)) => {
                self.r.warn(line, "a contributors line beside a byline: the contributors are listed as authors after the byline's");
                names
                    .into_iter()
                    .chain(list.into_iter().map(|n| (line, n)))
                    .collect()
            }
            None => names,
        };
        let front = &mut self.front;
        front.authors = names
            .into_iter()
            .map(|(_, n)| AuthorOut {
                name: n.name,
                affiliation: n.affiliation,
                native: n.native,
                ..AuthorOut::default()
            })
            .collect();
        if front.authors.is_empty() {
            front.authors = self
                .hints
                .authors
                .iter()
                .map(|a| AuthorOut {
                    name: a.name.clone(),
                    ..AuthorOut::default()
                })
                .collect();
        }
        for a in &mut front.authors {
            if let Some(h) = self.hints.authors.iter().find(|h| h.name == a.name) {
                a.affiliation = a.affiliation.take().or(h.affiliation.clone());
                a.orcid = h.orcid.clone();
            }
        }
        if front.authors.is_empty() {
            return Err(self.fail(
                self.blocks
                    .get(i.saturating_sub(1))
                    .map_or(self.first_line, |b| b.line),
                "no byline (the author line after the series mark) and no author in the file's properties",
            ));
        }
        Ok(())
    }

    /// The end matter from block `at`, in whichever order it comes: the references, the bios
    /// (given to the authors) and the catalogue of earlier pieces, which it returns.
    fn end_matter(&mut self, mut at: usize) -> Vec<CatalogueEntry> {
        let mut catalogue = Vec::new();
        while at < self.blocks.len() {
            let heading = shapes::end_heading(&self.blocks[at].text()).expect("an end heading");
            let heading_line = self.blocks[at].line;
            let next = self.end_at(at + 1);
            let part = &self.blocks[at + 1..next];
            match heading {
                EndHeading::References => {
                    self.front.references = read_references(&mut self.r, part)
                }
                EndHeading::About => {
                    assign_bios(&mut self.r, &mut self.front.authors, part, heading_line)
                }
                EndHeading::Catalogue => catalogue.extend(read_catalogue(&mut self.r, part)),
            }
            at = next;
        }
        catalogue
    }

    /// The date: the text's, the file's, the catalogue's (`catalogue`, and the one already
    /// known); else 1970-01-01, with a warning. Returns the line its warnings are told at.
    fn date(&mut self, catalogue: &[CatalogueEntry]) -> usize {
        let date_line = self
            .series_at
            .map_or(self.first_line, |s| self.blocks[s].line);
        self.front.date = match self.date.take() {
            Some((line, d)) => {
                if d.uncertain {
                    self.r.warn(
                        line,
                        format!(
                            "the date could be read day-first or month-first: {} (day first) is taken",
                            d.iso
                        ),
                    );
                }
                d.iso
            }
            None => match (
                &self.hints.date,
                own_month(self.front.number, catalogue, self.cx.known),
            ) {
                (Some(d), _) => d.clone(),
                (None, Some(month)) => {
                    self.r.warn(date_line, format!("no date line: the catalogue lists this piece in {month}; the first of that month is taken"));
                    format!("{month}-01")
                }
                (None, None) => {
                    self.r.warn(
                        date_line,
                        "no date line: `date:` is left as 1970-01-01; write the publication date",
                    );
                    "1970-01-01".to_string()
                }
            },
        };
        date_line
    }

    /// What the file's own metadata adds where the text does not say; an error when there is
    /// still no title.
    fn fill_from_hints(&mut self) -> Result<(), Vec<Diagnostic>> {
        let (front, hints) = (&mut self.front, &self.hints);
        if front.title.is_empty() {
            front.title = hints.title.clone().unwrap_or_default();
        }
        if front.subtitle.is_none() {
            front.subtitle = hints.subtitle.clone().filter(|s| *s != front.title);
        }
        front.volume = front.volume.take().or(hints.volume.clone());
        front.issue = front.issue.take().or(hints.issue.clone());
        // A page that gives its series number as the issue says it twice.
        if front.issue.is_some() && front.issue == front.number.map(|n| n.to_string()) {
            front.issue = None;
        }
        front.keywords = hints.keywords.clone();
        front.summary = hints.summary.clone();
        front.doi = hints.doi.clone();
        front.lang = hints.lang.clone();
        if front.series.is_none() {
            front.series = hints.series.clone();
        }
        if front.title.is_empty() {
            return Err(self.fail(self.first_line, "no title"));
        }
        Ok(())
    }

    /// The photo: a file beside the input (plain text), with the credit line. A credit with no
    /// photo to carry it is returned, to be written as a comment, with a warning.
    fn photo(&mut self) -> Option<String> {
        match (&self.cx.photo, self.credit.take()) {
            (Some(src), credit) => {
                self.front.image = Some(ImageOut {
                    src: src.clone(),
                    alt: None,
                    credit: credit.map(|c| c.1).unwrap_or_default(),
                });
                None
            }
            (None, Some((line, c))) => {
                let msg = if self.cx.photo_beside {
                    format!(
                        "photo credit `{c}` but no photo beside the text (looked for {}.jpg/.png/.svg): the credit is kept as a comment",
                        crate::model::file_stem(self.cx.path)
                    )
                } else {
                    format!(
                        "photo credit `{c}`: a Word file's or page's pictures stay in the text, none is made the hero image; the credit is kept as a comment under `image:`"
                    )
                };
                self.r.warn(line, msg);
                Some(c)
            }
            (None, None) => None,
        }
    }
}

/// A line of byline, date, photo credit and page furniture, separated by `|`, `·` or ` / `
/// ("By A and B | 12 March 2026 | 5 min read"): read into what is still unknown. False (and
/// nothing taken) unless every part is one of those, and the line has two parts or more.
fn read_meta_line(
    t: &str,
    line: usize,
    names: &mut Vec<(usize, Name)>,
    date: &mut Option<(usize, shapes::ReadDate)>,
    credit: &mut Option<(usize, String)>,
) -> bool {
    let parts: Vec<&str> = t
        .split(['|', '·'])
        .flat_map(|p| p.split(" / "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return false;
    }
    let (mut new_names, mut new_date, mut new_credit) = (None, None, None);
    for p in &parts {
        let p = p
            .trim_start_matches("Published on")
            .trim_start_matches("Published")
            .trim();
        if let Some(d) = shapes::parse_date(p) {
            new_date = new_date.or(Some(d));
        } else if let Some(rest) = credit_text(p) {
            new_credit = Some(rest.to_string());
        } else if new_names.is_none() && (p.starts_with("By ") || shapes::looks_like_names(p)) {
            new_names = Some(shapes::split_names(p));
        } else if !(is_furniture(p) || (shapes::is_url(p) && p.contains("doi.org/"))) {
            return false;
        }
    }
    if let Some(n) = new_names.filter(|_| names.is_empty()) {
        *names = n.into_iter().map(|n| (line, n)).collect();
    }
    if let Some(d) = new_date.filter(|_| date.is_none()) {
        *date = Some((line, d));
    }
    if let Some(c) = new_credit {
        *credit = Some((line, c));
    }
    true
}

/// A web page's furniture on a byline's line: "5 min read", "Updated …".
fn is_furniture(p: &str) -> bool {
    let lower = p.to_lowercase();
    // A content system's field labels, alone on their line.
    const LABELS: [&str; 10] = [
        "series",
        "authors",
        "author",
        "date",
        "published",
        "type",
        "tags",
        "share",
        "print",
        "posted in",
    ];
    if LABELS.contains(&lower.trim_end_matches(':').trim()) {
        return true;
    }
    (lower.ends_with("min read") || lower.ends_with("minute read") || lower.ends_with("mins read"))
        && p.split_whitespace().count() <= 4
}

fn has_image(b: &Block) -> bool {
    b.runs.iter().any(|r| matches!(r, Run::Image { .. }))
}

fn credit_text(t: &str) -> Option<&str> {
    for p in [
        "Photo Source:",
        "Photo source:",
        "Photo Credit:",
        "Photo credit:",
        "Photo:",
        "Image:",
        "Image source:",
        "Image Source:",
        "Picture:",
        "Cover photo:",
        "Image courtesy:",
        "Image Courtesy:",
        "Photo courtesy:",
        "Photo Courtesy:",
        "Courtesy:",
        "Credit:",
        "Photograph:",
    ] {
        if let Some(rest) = t.strip_prefix(p) {
            return Some(rest.trim());
        }
    }
    None
}

/// "Meera Iyer | 5 Jan 2024" → the names and the date.
fn byline_with_date(t: &str) -> Option<(&str, shapes::ReadDate)> {
    let (names, d) = t.rsplit_once(['|', '–', '—', ','])?;
    let d = shapes::parse_date(d)?;
    shapes::could_be_byline(names.trim()).then_some((names.trim(), d))
}

fn read_series_rest(
    r: &mut Reader,
    line: usize,
    rest: &str,
    front: &mut Front,
    date: &mut Option<(usize, shapes::ReadDate)>,
) {
    let mut rest = rest.trim();
    if rest.is_empty() {
        return;
    }
    if let Some((before, vol, iss)) = shapes::volume_mark(rest) {
        front.volume = Some(vol);
        front.issue = iss;
        rest = before;
    }
    for part in std::iter::once(rest).chain(rest.split(['|', '–', '—'])) {
        if let Some(d) = shapes::parse_date(part) {
            *date = Some((line, d));
            return;
        }
    }
    if !rest.is_empty() {
        r.warn(
            line,
            format!("`{rest}` after the series mark is not a date: left out"),
        );
    }
}

/// Kind, title and subtitle from the header lines (a volume mark moved out of them).
fn read_header(
    r: &mut Reader,
    header: &[Block],
    hints: &super::flow::Hints,
    front: &mut Front,
    names: &mut Vec<(usize, Name)>,
    date: &mut Option<(usize, shapes::ReadDate)>,
) -> Result<(), Vec<Diagnostic>> {
    let mut lines: Vec<(usize, Kind, String)> = Vec::new();
    for b in header {
        let mut t = b.text();
        if let Some((before, vol, iss)) = shapes::volume_mark(&t) {
            front.volume = Some(vol);
            front.issue = iss;
            t = before.to_string();
        }
        if t.is_empty() || is_furniture(&t) {
            continue;
        }
        if let Some(rest) = credit_text(&t) {
            r.warn(
                b.line,
                format!(
                    "a photo credit in the header (`{rest}`) is left out: add it under `image:`"
                ),
            );
            continue;
        }
        // A byline-and-date line inside the header (a page sets it under the title).
        let mut credit = None;
        if b.kind != Kind::Title && read_meta_line(&t, b.line, names, date, &mut credit) {
            continue;
        }
        if b.kind != Kind::Title
            && names.is_empty()
            && t.starts_with("By ")
            && shapes::could_be_byline(&t)
        {
            *names = shapes::split_names(&t)
                .into_iter()
                .map(|n| (b.line, n))
                .collect();
            continue;
        }
        lines.push((b.line, b.kind.clone(), t));
    }
    // A byline and a date may close the header, before the series mark.
    while lines.len() > 1 {
        let (line, kind, text) = lines.last().expect("two or more");
        if *kind == Kind::Title {
            break;
        }
        if date.is_none()
            && let Some(d) = shapes::parse_date(text)
        {
            *date = Some((*line, d));
        } else if names.is_empty()
            && shapes::looks_like_names(text)
            && !is_kind(text)
            && (lines.len() >= 3 || !is_kind(&lines[0].2))
        {
            *names = shapes::split_names(text)
                .into_iter()
                .map(|n| (*line, n))
                .collect();
        } else {
            break;
        }
        lines.pop();
    }
    // What the file marks: a Title (and Subtitle) style.
    if let Some(t) = lines.iter().position(|l| l.1 == Kind::Title) {
        front.title = lines[t].2.clone();
        let before: Vec<&str> = lines[..t].iter().map(|l| l.2.as_str()).collect();
        if !before.is_empty() {
            front.kind = Some(before.join(" "));
        }
        let after = &lines[t + 1..];
        let mut rest = Vec::new();
        for (line, kind, text) in after {
            if front.kind.is_none() && *kind != Kind::Subtitle && is_kind(text) {
                // A page may set the kind under the title.
                front.kind = Some(text.clone());
            } else if front.subtitle.is_none() && (*kind == Kind::Subtitle || rest.is_empty()) {
                front.subtitle = Some(text.clone());
            } else if names.is_empty() && shapes::looks_like_names(text) {
                *names = shapes::split_names(text)
                    .into_iter()
                    .map(|n| (*line, n))
                    .collect();
            } else {
                rest.push((*line, text.clone()));
            }
        }
        join_extra(r, front, rest);
        return Ok(());
    }
    let texts: Vec<&str> = lines.iter().map(|l| l.2.as_str()).collect();
    let kindish = |t: &str| is_kind(t);
    match texts.as_slice() {
        [] => {
            if let Some(t) = &hints.title {
                front.title = t.clone();
            }
        }
        [t] => front.title = t.to_string(),
        [k, t] if kindish(k) => {
            front.kind = Some(k.to_string());
            front.title = t.to_string();
        }
        [t, s] => {
            front.title = t.to_string();
            front.subtitle = Some(s.to_string());
        }
        [k, t, s] if kindish(k) || k.split_whitespace().count() <= 3 => {
            front.kind = Some(k.to_string());
            front.title = t.to_string();
            front.subtitle = Some(s.to_string());
        }
        [t, s, rest @ ..] if !kindish(t) && t.split_whitespace().count() > 3 => {
            front.title = t.to_string();
            front.subtitle = Some(s.to_string());
            join_extra(
                r,
                front,
                lines[2..]
                    .iter()
                    .map(|l| (l.0, l.2.clone()))
                    .zip(rest)
                    .map(|(a, _)| a)
                    .collect(),
            );
        }
        [k, t, s, ..] => {
            front.kind = Some(k.to_string());
            front.title = t.to_string();
            front.subtitle = Some(s.to_string());
            join_extra(
                r,
                front,
                lines[3..].iter().map(|l| (l.0, l.2.clone())).collect(),
            );
        }
    }
    Ok(())
}

fn join_extra(r: &mut Reader, front: &mut Front, rest: Vec<(usize, String)>) {
    if rest.is_empty() {
        return;
    }
    r.warn(
        rest[0].0,
        "more header lines than kind, title and subtitle: the rest joined to the subtitle",
    );
    let mut sub: Vec<String> = front.subtitle.take().into_iter().collect();
    sub.extend(rest.into_iter().map(|(_, t)| t));
    front.subtitle = Some(sub.join(" "));
}

/// A series' name for its kind of piece: a few words, one of them a kind word.
fn is_kind(t: &str) -> bool {
    const WORDS: [&str; 18] = [
        "explainer",
        "brief",
        "weekly",
        "commentary",
        "report",
        "analysis",
        "note",
        "paper",
        "update",
        "digest",
        "insight",
        "backgrounder",
        "issue",
        "explained",
        "primer",
        "dispatch",
        "perspective",
        "review",
    ];
    let words: Vec<String> = t.split_whitespace().map(str::to_lowercase).collect();
    words.len() <= 4
        && !t.ends_with(['.', '?', '!', ':'])
        && words
            .iter()
            .any(|w| WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
}

fn is_team(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower
        .split_whitespace()
        .any(|w| w == "team" || w == "desk" || w == "staff" || w == "editors")
}

/// A "Contributors: …" line anywhere in the body, taken out of it.
fn take_contributors(body: &mut Vec<Block>) -> Option<(usize, Vec<Name>)> {
    let at = body.iter().position(|b| {
        let t = b.text();
        let lower = t.to_lowercase();
        (lower.starts_with("contributors:")
            || lower.starts_with("contributor:")
            || lower.starts_with("contributed by"))
            && t.len() < 300
    })?;
    let b = body.remove(at);
    let t = b.text();
    let list = t.split_once(':').map(|(_, l)| l).unwrap_or_else(|| {
        t.trim_start_matches("Contributed by")
            .trim_start_matches("contributed by")
    });
    let list = list.trim().trim_end_matches('.');
    Some((b.line, shapes::split_names(list)))
}

/// The body's blocks with questions made headings (their numbers dropped) and list marks made
/// list items; returns how many sections it has.
fn shape_body(blocks: Vec<Block>, marked_headings: bool) -> (Vec<Block>, usize) {
    let mut out: Vec<Block> = Vec::new();
    let mut last_question = 0u32;
    let mut question_mark: Option<char> = None;
    let mut sections = 0;
    // Marked headings keep their levels, the highest becoming `##`.
    let top = blocks
        .iter()
        .filter_map(|b| match b.kind {
            Kind::Heading(l) => Some(l),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    let n = blocks.len();
    let numbered_questions = blocks.iter().any(|b| {
        let t = b.text();
        b.kind == Kind::Para && shapes::numbered(&t).is_some() && t.ends_with('?')
    });
    let mut blocks = blocks.into_iter().peekable();
    let mut k = 0;
    while let Some(mut b) = blocks.next() {
        k += 1;
        let t = b.text();
        let next = blocks.peek();
        match b.kind {
            Kind::Heading(level) => {
                if let Some((_, len)) = shapes::numbered(&t) {
                    b.drop_prefix(len);
                }
                b.kind = Kind::Heading((level - top + 2).min(6));
                plain_heading(&mut b);
                if b.kind == Kind::Heading(2) {
                    sections += 1;
                }
                out.push(b);
                continue;
            }
            Kind::Title | Kind::Subtitle => {
                b.kind = Kind::Para;
                out.push(b);
                continue;
            }
            Kind::Para => {}
            _ => {
                out.push(b);
                continue;
            }
        }
        if let Some((num, len)) = shapes::numbered(&t) {
            let continues = num == last_question + 1;
            let looks_question = t.ends_with('?')
                || (continues
                    && t.len() < 140
                    && !t.trim_end().ends_with('.')
                    && next.is_some_and(|n| {
                        n.kind == Kind::Para && shapes::numbered(&n.text()).is_none()
                    }));
            let in_list = out
                .last()
                .is_some_and(|p| matches!(p.kind, Kind::Item { ordered: true, .. }));
            // Questions share one style of number ("1." or "1)"): an item numbered the other
            // way, or opening in lower case, is a list item.
            let mark = shapes::number_mark(&t);
            let same_style = question_mark.is_none_or(|m| Some(m) == mark);
            let capital = t[len..].chars().next().is_some_and(|c| !c.is_lowercase());
            if looks_question
                && !marked_headings
                && same_style
                && capital
                && (continues || t.ends_with('?'))
                && (continues || !in_list)
            {
                b.drop_prefix(len);
                b.kind = Kind::Heading(2);
                plain_heading(&mut b);
                last_question = num;
                question_mark = mark;
                sections += 1;
            } else {
                b.drop_prefix(len);
                b.kind = Kind::Item {
                    ordered: true,
                    depth: 0,
                };
            }
            out.push(b);
            continue;
        }
        let item = shapes::bullet(&t)
            .map(|len| (len, false))
            .or_else(|| shapes::letter_item(&t).map(|len| (len, true)));
        if let Some((len, ordered)) = item {
            b.drop_prefix(len);
            b.kind = Kind::Item { ordered, depth: 0 };
            out.push(b);
            continue;
        }
        // An unnumbered question: a short line ending in "?" before prose (not in a piece
        // whose questions are numbered).
        if !marked_headings
            && !numbered_questions
            && t.ends_with('?')
            && t.len() <= 160
            && t.split_whitespace().count() <= 25
            && !t.contains(". ")
            && t.chars().next().is_some_and(char::is_uppercase)
            && next.is_some_and(|n| {
                n.kind == Kind::Para
                    && !n.text().ends_with('?')
                    && shapes::numbered(&n.text()).is_none()
            })
            && k < n
        {
            b.kind = Kind::Heading(2);
            plain_heading(&mut b);
            sections += 1;
            out.push(b);
            continue;
        }
        out.push(b);
    }
    // Without questions, statement headings: short lines in capitals (or every word capitalised,
    // when there are several) before prose.
    if sections == 0 && !marked_headings {
        let candidate = |k: usize, caps_only: bool| -> bool {
            let b = &out[k];
            let t = b.text();
            let words: Vec<&str> = t.split_whitespace().collect();
            let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
            let caps = !letters.is_empty() && letters.iter().all(|c| !c.is_lowercase());
            let title_case = words
                .iter()
                .filter(|w| w.len() > 3)
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
            b.kind == Kind::Para
                && (1..=12).contains(&words.len())
                && !t.ends_with(['.', ',', ';', ':'])
                && (caps || (!caps_only && title_case))
                && out.get(k + 1).is_some_and(|n| {
                    matches!(n.kind, Kind::Para | Kind::Item { .. }) && n.text().len() > t.len()
                })
        };
        let caps: Vec<usize> = (0..out.len()).filter(|&k| candidate(k, true)).collect();
        let titled: Vec<usize> = (0..out.len()).filter(|&k| candidate(k, false)).collect();
        let chosen = if caps.len() >= 2 {
            caps
        } else if titled.len() >= 2 {
            titled
        } else {
            Vec::new()
        };
        for k in chosen {
            out[k].kind = Kind::Heading(2);
            plain_heading(&mut out[k]);
            sections += 1;
        }
    }
    (out, sections)
}

/// A heading's words without the bold or italics a page or a Word file set them in.
fn plain_heading(b: &mut Block) {
    for r in &mut b.runs {
        if let Run::Text { bold, italic, .. } = r {
            *bold = false;
            *italic = false;
        }
    }
}

/// References: a citation line, then (usually) its URL, which may wrap onto further lines.
fn read_references(r: &mut Reader, part: &[Block]) -> Vec<ReferenceOut> {
    let mut refs: Vec<ReferenceOut> = Vec::new();
    let mut lines: Vec<usize> = Vec::new();
    let mut last_was_url = false;
    for b in part {
        // A link closing the reference ("… 20 November 2025 Read online") gives its address;
        // its words are not part of the reference.
        let mut b = b.clone();
        let mut tail_url = None;
        while matches!(b.runs.last(), Some(Run::Text { text, .. }) if text.trim().is_empty()) {
            b.runs.pop();
        }
        if let Some(Run::Link { url, runs }) = b.runs.last() {
            let words = super::flow::plain(runs);
            if !shapes::is_url(words.trim()) && url.starts_with("http") && b.runs.len() > 1 {
                tail_url = Some(url.clone());
                b.runs.pop();
            }
        }
        let mut t = b.text();
        if tail_url.is_some() {
            t = t
                .trim_end_matches([',', '–', '—', '-', ':', ';', ' ', '.'])
                .to_string();
        }
        if t.is_empty() {
            continue;
        }
        // "https://… (accessed 10 January 2026)": the address, and when it was read (in any
        // language folio writes "accessed" in).
        let mut accessed = None;
        if let Some((url, note)) = t.split_once(' ')
            && shapes::is_url(url)
            && let Some(date) = note
                .trim()
                .strip_prefix('(')
                .and_then(|n| n.strip_suffix(')'))
                .and_then(shapes::strip_accessed)
        {
            match shapes::parse_date(date) {
                Some(d) => accessed = Some(d.iso),
                None => r.warn(
                    b.line,
                    format!(
                        "the access date `{date}` is not read; write it as `accessed: YYYY-MM-DD`"
                    ),
                ),
            }
            t = url.to_string();
        }
        if shapes::is_url(&t) {
            match refs.last_mut() {
                Some(r) if r.url.is_none() => {
                    r.url = Some(t.clone());
                    r.accessed = accessed;
                }
                _ => {
                    r.warn(b.line, "a URL with no reference before it: listed as a reference titled by its address; write its title");
                    refs.push(ReferenceOut {
                        title: t.clone(),
                        url: Some(t.clone()),
                        ..ReferenceOut::default()
                    });
                    lines.push(b.line);
                }
            }
            last_was_url = true;
            continue;
        }
        if last_was_url
            && !t.contains(char::is_whitespace)
            && !t.starts_with(char::is_uppercase)
            && let Some(url) = refs.last_mut().and_then(|r| r.url.as_mut())
        {
            url.push_str(&t);
            continue;
        }
        let (mut reference, sure) = parse_citation(strip_number(&t));
        // Empty quotes title nothing: the line is the title.
        if reference.title.is_empty() {
            reference = ReferenceOut {
                title: t.clone(),
                ..ReferenceOut::default()
            };
        }
        if reference.url.is_none() {
            reference.url = tail_url.or_else(|| {
                b.first_link()
                    .filter(|u| u.starts_with("http"))
                    .map(str::to_string)
            });
        }
        last_was_url = reference.url.is_some();
        if !sure {
            r.warn(
                b.line,
                "reference without a quoted title: the whole line is taken as its title",
            );
        }
        refs.push(reference);
        lines.push(b.line);
    }
    for (reference, line) in refs.iter().zip(&lines) {
        if reference.url.is_none() {
            r.warn(*line, format!("reference “{}” has no URL", reference.title));
        }
    }
    refs
}

/// "1. " / "[1] " / "1) " before a reference.
fn strip_number(t: &str) -> &str {
    let s = t.trim_start_matches('[');
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        let after = &s[digits..];
        if let Some(rest) = after.strip_prefix(['.', ')', ']']) {
            return rest.trim_start();
        }
    }
    t
}

/// A reference line: `Author(s), “Title,” Publisher, Date[, URL]`.
pub fn parse_citation(line: &str) -> (ReferenceOut, bool) {
    let mut line = line.trim();
    let mut url = None;
    if let Some(at) = line.rfind("http") {
        let candidate = line[at..].trim_end_matches(['.', ')']);
        if shapes::is_url(candidate) && line[at..].trim().len() == line[at..].len() {
            url = Some(candidate.to_string());
            line = line[..at]
                .trim_end()
                .trim_end_matches([',', ';', ':'])
                .trim_end();
            line = line
                .strip_suffix("Available at")
                .unwrap_or(line)
                .trim_end()
                .trim_end_matches([',', '.']);
        }
    }
    // “Title” or "Title", or French and other European guillemets « Title » / „Title“.
    let open = line.find(['“', '"', '«', '„']);
    let mut close = open.and_then(|o| {
        let first = line[o..].chars().next()?;
        let after = o + first.len_utf8();
        let closing: &[char] = match first {
            '«' => &['»'],
            '„' => &['“', '”'],
            _ => &['”', '"'],
        };
        line[after..].find(closing).map(|c| (after, after + c))
    });
    // Single quotes (‘Title’,) when there are no double ones: the closing one is followed by
    // punctuation or a space, unlike an apostrophe inside a word.
    let mut open = open;
    if close.is_none()
        && let Some(o) = line.find('‘')
    {
        let after = o + '‘'.len_utf8();
        let end = line[after..]
            .match_indices('’')
            .map(|(k, _)| after + k)
            .find(|&k| {
                line[k + '’'.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ',' || c == '.' || c.is_whitespace())
            });
        if let Some(end) = end {
            open = Some(o);
            close = Some((after, end));
        }
    }
    let Some((start, end)) = close else {
        return (
            ReferenceOut {
                title: line.trim().to_string(),
                url,
                ..ReferenceOut::default()
            },
            false,
        );
    };
    let author = line[..open.unwrap_or(0)]
        .trim()
        .trim_end_matches(',')
        .trim();
    let title = line[start..end].trim().trim_end_matches([',', '.']).trim();
    let rest = line[end..]
        .trim_start_matches(['”', '"', '’', '»', '“'])
        .trim()
        .trim_start_matches([',', '.'])
        .trim()
        .trim_end_matches('.');
    let parts: Vec<&str> = rest
        .split(", ")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let is_date = |s: &str| {
        shapes::parse_date(s).is_some()
            || shapes::parse_month(s).is_some()
            || (s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()))
    };
    let (publisher, date) = match parts.as_slice() {
        [] => (None, None),
        [one] if is_date(one) => (None, Some(one.to_string())),
        [one] => (Some(one.to_string()), None),
        [init @ .., last] if is_date(last) || last.chars().any(|c| c.is_ascii_digit()) => {
            (Some(init.join(", ")), Some(last.to_string()))
        }
        all => (Some(all.join(", ")), None),
    };
    (
        ReferenceOut {
            author: (!author.is_empty()).then(|| author.to_string()),
            title: title.to_string(),
            publisher,
            date,
            url,
            accessed: None,
        },
        true,
    )
}

/// Which author (if any) a bio paragraph opens with: by name (after an honorific), by the name
/// in its own script, or by surname.
fn opens_with(text: &str, authors: &[AuthorOut]) -> Option<usize> {
    let mut t = text.trim_start();
    for title in shapes::HONORIFICS {
        if let Some(rest) = t.strip_prefix(title) {
            t = rest;
            break;
        }
    }
    let head: String = t.chars().take(200).collect();
    for (k, a) in authors.iter().enumerate() {
        let latin = latin_name(a);
        if t.starts_with(&a.name) || t.starts_with(latin) {
            return Some(k);
        }
        if let Some(native) = &a.native
            && t.starts_with(native.as_str())
        {
            return Some(k);
        }
        // The name without a middle initial or with the family name first.
        let words: Vec<&str> = latin.split_whitespace().collect();
        if words.len() >= 2 {
            let first_last = format!("{} {}", words[0], words[words.len() - 1]);
            if t.starts_with(&first_last) {
                return Some(k);
            }
        }
    }
    // A native-script name then the Latin one: "مینا خان (Mina Khan) is …".
    let latin_at = head.find(|c: char| c.is_ascii_alphabetic());
    if let Some(at) = latin_at
        && head[..at]
            .chars()
            .any(|c| c.is_alphabetic() && !shapes::is_latin(c))
    {
        let rest = head[at..].to_string();
        for (k, a) in authors.iter().enumerate() {
            if rest.starts_with(latin_name(a)) {
                return Some(k);
            }
        }
    }
    None
}

/// An author's name without its own-script spelling.
fn latin_name(a: &AuthorOut) -> &str {
    match &a.native {
        Some(native) => a
            .name
            .strip_suffix(&format!(" ({native})"))
            .unwrap_or(&a.name),
        None => &a.name,
    }
}

/// Gives each author their bio: paragraphs that open with an author's name (or title and name,
/// or their name in its own script) go to that author, paragraphs after one to the same author;
/// in one paragraph, sentence runs that open with a name. With one author, everything is theirs.
fn assign_bios(r: &mut Reader, authors: &mut [AuthorOut], part: &[Block], about_line: usize) {
    let paragraphs: Vec<String> = part
        .iter()
        .map(Block::text)
        .filter(|t| !t.is_empty())
        .collect();
    if paragraphs.is_empty() {
        return;
    }
    if authors.len() == 1 {
        authors[0].bio = Some(paragraphs.join(" "));
        return;
    }
    // Per paragraph.
    let mut owner: Option<usize> = None;
    let mut bios: Vec<Vec<String>> = vec![Vec::new(); authors.len()];
    let mut ok = true;
    for p in &paragraphs {
        match opens_with(p, authors) {
            Some(k) => {
                owner = Some(k);
                bios[k].push(p.clone());
            }
            None => match owner {
                Some(k) => bios[k].push(p.clone()),
                None => {
                    ok = false;
                    break;
                }
            },
        }
    }
    if ok && bios.iter().filter(|b| !b.is_empty()).count() == authors.len() {
        for (a, b) in authors.iter_mut().zip(bios) {
            a.bio = Some(b.join(" "));
        }
        return;
    }
    // Sentence runs in the text as one.
    let text = paragraphs.join(" ");
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for (k, a) in authors.iter().enumerate() {
        let mut from = 0;
        let name = latin_name(a);
        while let Some(pos) = text[from..].find(name) {
            let at = from + pos;
            let before = text[..at].trim_end();
            let before = shapes::HONORIFICS
                .iter()
                .find_map(|t| before.strip_suffix(t.trim_end()))
                .map_or(before, str::trim_end);
            if before.is_empty() || before.ends_with(['.', '!', '?']) {
                let start =
                    text[..at].trim_end().len() - (text[..at].trim_end().len() - before.len());
                let start = if before.is_empty() { 0 } else { start + 1 };
                starts.push((start.min(at), k));
                break;
            }
            from = at + name.len();
        }
    }
    starts.sort();
    // Each bio opens with its author's name; an author none opens (one without a bio) has
    // none, as long as the text opens with someone's.
    if starts.first().is_some_and(|(at, _)| *at == 0) {
        for (n, &(at, k)) in starts.iter().enumerate() {
            let end = starts.get(n + 1).map_or(text.len(), |(e, _)| *e);
            authors[k].bio = Some(text[at..end].trim().to_string());
        }
    } else {
        authors[0].bio = Some(text);
        r.warn(
            about_line,
            "cannot tell which part of \"About the authors\" is whose: all of it is given to the first author",
        );
    }
}

/// The catalogue of earlier pieces, in either shape: a title line, `Month YYYY | CWA # N`, an
/// author line (`Name [| bio]`); or `CWA # N | Title`, the month, the author line.
fn read_catalogue(r: &mut Reader, part: &[Block]) -> Vec<CatalogueEntry> {
    let lines: Vec<(usize, String)> = part
        .iter()
        .map(|b| (b.line, b.text()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    // `Month YYYY | CWA # N` (or the other way round) → (month, number).
    let month_mark = |l: &str| -> Option<(String, u32)> {
        let (a, b) = l.split_once('|')?;
        let (a, b) = (a.trim(), b.trim());
        if let (Some(m), Some(s)) = (shapes::parse_month(a), shapes::series_mark(b))
            && s.rest.is_empty()
        {
            return Some((m, s.number));
        }
        if let (Some(s), Some(m)) = (shapes::series_mark(a), shapes::parse_month(b))
            && s.rest.is_empty()
        {
            return Some((m, s.number));
        }
        None
    };
    // `CWA # N | Title` → (number, title, a month on the same line).
    let label_first = |l: &str| -> Option<(u32, String, Option<String>)> {
        let s = shapes::series_mark(l)?;
        if !l[..l.find('#')?]
            .trim()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        {
            return None;
        }
        let rest = s.rest.trim();
        if rest.is_empty() || month_mark(l).is_some() {
            return None;
        }
        match rest.rsplit_once('|') {
            Some((title, m)) if shapes::parse_month(m.trim()).is_some() => Some((
                s.number,
                title.trim().to_string(),
                shapes::parse_month(m.trim()),
            )),
            _ => Some((s.number, rest.to_string(), None)),
        }
    };
    let is_anchor = |l: &str| month_mark(l).is_some() || label_first(l).is_some();
    let author_of = |l: &str| -> (Vec<String>, Option<String>) {
        match l.split_once(" | ") {
            Some((names, bio)) => (names_of(names), Some(bio.trim().to_string())),
            None => (names_of(l), None),
        }
    };
    let mut out: Vec<CatalogueEntry> = Vec::new();
    let mut pending: Vec<(usize, String)> = Vec::new();
    let mut k = 0;
    let push = |out: &mut Vec<CatalogueEntry>, e: CatalogueEntry| {
        if !out.iter().any(|x| x.number == e.number) {
            out.push(e);
        }
    };
    while k < lines.len() {
        let (n, l) = (lines[k].0, lines[k].1.as_str());
        if let Some((month, number)) = month_mark(l) {
            let title = match pending.len() {
                0 => {
                    r.warn(
                        n,
                        format!("catalogue entry #{number} has no title line before it"),
                    );
                    String::new()
                }
                _ => {
                    if pending.len() > 1 {
                        r.warn(
                            pending[0].0,
                            format!(
                                "catalogue entry #{number}: {} lines before it, read as one title",
                                pending.len()
                            ),
                        );
                    }
                    let t: Vec<&str> = pending.iter().map(|p| p.1.as_str()).collect();
                    t.join(" ").trim_end_matches(':').trim().to_string()
                }
            };
            pending.clear();
            // The author line, unless the line after it is a title for the next entry.
            let author = match (lines.get(k + 1), lines.get(k + 2)) {
                (Some((_, a)), after)
                    if !is_anchor(a) && after.is_none_or(|(_, x)| month_mark(x).is_none()) =>
                {
                    k += 1;
                    Some(author_of(a))
                }
                _ => None,
            };
            push(&mut out, entry(r, n, number, month, title, author));
        } else if let Some((number, title, month)) = label_first(l) {
            for (pn, pl) in pending.drain(..) {
                r.warn(pn, format!("line not understood in the catalogue: {pl}"));
            }
            let month = match month {
                Some(m) => Some(m),
                None => match lines.get(k + 1).and_then(|(_, m)| shapes::parse_month(m)) {
                    Some(m) => {
                        k += 1;
                        Some(m)
                    }
                    None => None,
                },
            };
            let Some(month) = month else {
                r.warn(
                    n,
                    format!("catalogue entry #{number} has no month: left out"),
                );
                k += 1;
                continue;
            };
            let author = match lines.get(k + 1) {
                Some((_, a)) if !is_anchor(a) => {
                    k += 1;
                    Some(author_of(a))
                }
                _ => None,
            };
            push(&mut out, entry(r, n, number, month, title, author));
        } else {
            pending.push((n, l.to_string()));
        }
        k += 1;
    }
    for (n, l) in pending {
        r.warn(n, format!("line not understood in the catalogue: {l}"));
    }
    out
}

/// A catalogue entry with its author line (`Names [| bio]`, read), warned about when it has
/// none.
fn entry(
    r: &mut Reader,
    line: usize,
    number: u32,
    month: String,
    title: String,
    author: Option<(Vec<String>, Option<String>)>,
) -> CatalogueEntry {
    if author.is_none() {
        r.warn(
            line,
            format!("catalogue entry #{number} has no author line"),
        );
    }
    let (authors, bio) = author.unwrap_or_default();
    CatalogueEntry {
        number,
        month,
        title,
        authors,
        bio,
    }
}

fn names_of(line: &str) -> Vec<String> {
    shapes::split_names(line)
        .into_iter()
        .map(|n| n.name)
        .collect()
}

/// The month the catalogue (this text's or the series') gives this piece's number.
fn own_month(
    number: Option<u32>,
    catalogue: &[CatalogueEntry],
    known: &[CatalogueEntry],
) -> Option<String> {
    let n = number?;
    catalogue
        .iter()
        .chain(known)
        .find(|e| e.number == n)
        .map(|e| e.month.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byline_line_is_read_part_by_part() {
        let (mut names, mut date, mut credit) = (Vec::new(), None, None);
        assert!(read_meta_line(
            "By Nguyen Thi Lan and Arvind Subramaniam / February 18, 2025 / 6 min read",
            3,
            &mut names,
            &mut date,
            &mut credit
        ));
        assert_eq!(names.len(), 2);
        assert_eq!(date.unwrap().1.iso, "2025-02-18");
    }

    #[test]
    fn citations_split_into_parts() {
        let (r, sure) =
            parse_citation("Mushtaq Ali, “Fresh round of talks fails,” Reuters, 03 December 2025");
        assert!(sure);
        assert_eq!(r.author.as_deref(), Some("Mushtaq Ali"));
        assert_eq!(r.title, "Fresh round of talks fails");
        assert_eq!(r.publisher.as_deref(), Some("Reuters"));
        assert_eq!(r.date.as_deref(), Some("03 December 2025"));
        let (r, _) =
            parse_citation("“Is the ceasefire holding?” Dawn, 1 May 2025, https://dawn.com/x");
        assert_eq!(r.title, "Is the ceasefire holding?");
        assert_eq!(r.publisher.as_deref(), Some("Dawn"));
        assert_eq!(r.url.as_deref(), Some("https://dawn.com/x"));
    }
}
