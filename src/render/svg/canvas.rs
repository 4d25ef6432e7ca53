//! A small SVG drawing backend for plotters.
//!
//! plotters draws axes, grids, series and text through this backend; the chart code keeps a
//! second handle on the same document to wrap what it draws in groups: `<g id="…">` names a
//! series (what the tests look for), `stroke-dasharray` on a group dashes every line inside it
//! (plotters' own SVG backend has no dashes), and a clip path keeps curves inside the plotting
//! area. Text is written as `<text>` for the viewer to lay out, so no font is needed at build
//! or run time; widths are estimated from a table of typical sans-serif advance widths.

use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle,
    FontTransform,
};
use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;

/// Font family of every text element.
pub const FONT: &str = "Helvetica, Arial, sans-serif";

/// The backend never fails; plotters still wants an error type.
#[derive(Debug)]
pub struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SVG canvas error")
    }
}

impl std::error::Error for Never {}

#[derive(Default)]
struct Doc {
    body: String,
    defs: String,
    depth: usize,
    clips: usize,
}

/// An SVG document being drawn. Cloning gives another handle on the same document.
#[derive(Clone)]
pub struct Canvas {
    doc: Rc<RefCell<Doc>>,
    size: (u32, u32),
}

impl Canvas {
    pub fn new(width: u32, height: u32) -> Canvas {
        Canvas {
            doc: Rc::new(RefCell::new(Doc::default())),
            size: (width, height),
        }
    }

    /// A plotters drawing area over the whole canvas, on a white background.
    pub fn area(&self) -> DrawingArea<Canvas, plotters::coord::Shift> {
        let area = self.clone().into_drawing_area();
        let _ = area.fill(&WHITE);
        area
    }

    /// Open a `<g>` with an optional id and presentation attributes; close it with [`end`].
    ///
    /// [`end`]: Canvas::end
    pub fn group(&self, id: Option<&str>, attrs: &[(&str, &str)]) {
        let mut d = self.doc.borrow_mut();
        d.body.push_str("<g");
        if let Some(id) = id {
            let _ = write!(d.body, " id=\"{}\"", escape(id));
        }
        for (k, v) in attrs {
            let _ = write!(d.body, " {k}=\"{}\"", escape(v));
        }
        d.body.push_str(">\n");
        d.depth += 1;
    }

    /// A group whose lines are dashed with `dash` (an SVG dash array, e.g. `"6 4"`).
    pub fn dashed(&self, id: Option<&str>, dash: Option<&str>) {
        match dash {
            Some(d) => self.group(id, &[("stroke-dasharray", d)]),
            None => self.group(id, &[]),
        }
    }

    /// A group clipped to the pixel rectangle `x` × `y` (inclusive ranges from plotters).
    pub fn clipped(&self, x: std::ops::Range<i32>, y: std::ops::Range<i32>) {
        let id = {
            let mut d = self.doc.borrow_mut();
            d.clips += 1;
            let id = format!("clip{}", d.clips);
            let _ = writeln!(
                d.defs,
                "<clipPath id=\"{id}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>",
                x.start,
                y.start,
                (x.end - x.start).max(0) + 1,
                (y.end - y.start).max(0) + 1
            );
            id
        };
        self.group(None, &[("clip-path", &format!("url(#{id})"))]);
    }

    /// Close the innermost open group.
    pub fn end(&self) {
        let mut d = self.doc.borrow_mut();
        if d.depth > 0 {
            d.depth -= 1;
            d.body.push_str("</g>\n");
        }
    }

    /// The finished document, with a `<title>` and `<desc>` for screen readers and tooltips.
    pub fn finish(&self, title: &str, desc: &str) -> String {
        let d = self.doc.borrow();
        let (w, h) = self.size;
        let mut out = String::with_capacity(d.body.len() + d.defs.len() + 512);
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
             viewBox=\"0 0 {w} {h}\" role=\"img\" font-family=\"{FONT}\">"
        );
        let _ = writeln!(out, "<title>{}</title>", escape(title));
        let _ = writeln!(out, "<desc>{}</desc>", escape(desc));
        if !d.defs.is_empty() {
            let _ = write!(out, "<defs>\n{}</defs>\n", d.defs);
        }
        out.push_str(&d.body);
        for _ in 0..d.depth {
            out.push_str("</g>\n");
        }
        out.push_str("</svg>\n");
        out
    }

    fn push(&self, s: &str) {
        self.doc.borrow_mut().body.push_str(s);
    }
}

/// Estimated advance width of `text` in a sans-serif font at `size` px: Helvetica-like
/// advance widths × 1.1, so that layout has room to spare in DejaVu Sans too (the widest
/// common fallback, e.g. on Linux without Arial).
pub fn text_width(text: &str, size: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '|' | '!' | '\'' | 'I' | '·' => 0.28,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.36,
            'm' | 'w' => 0.85,
            'M' | 'W' | '%' | '—' | '@' => 0.92,
            'A'..='Z' | '×' | '≤' | '≥' | '+' | '=' | '<' | '>' | '~' => 0.68,
            '0'..='9' | '$' | '_' | '#' | '?' | '–' => 0.57,
            'a'..='z' | 'µ' | 'ρ' | 'μ' | 'λ' => 0.55,
            _ => 0.62,
        })
        .sum();
    em * size * 1.1
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn color(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("#{r:02x}{g:02x}{b:02x}")
}
/// Fill and stroke attributes of a shape: filled in the colour, or outlined in it over
/// `hollow` (the fill of an unfilled shape).
fn paint_attrs(c: BackendColor, fill: bool, hollow: &str, width: u32) -> String {
    if fill {
        format!("fill=\"{}\"{}", color(c), opacity("fill", c))
    } else {
        format!(
            "fill=\"{hollow}\" stroke=\"{}\" stroke-width=\"{width}\"{}",
            color(c),
            opacity("stroke", c)
        )
    }
}

/// ` stroke-opacity="…"` / ` fill-opacity="…"` when the colour is translucent.
fn opacity(attr: &str, c: BackendColor) -> String {
    if c.alpha >= 1.0 {
        String::new()
    } else {
        format!(" {attr}-opacity=\"{:.3}\"", c.alpha.max(0.0))
    }
}

fn points<I: IntoIterator<Item = BackendCoord>>(path: I) -> String {
    let mut s = String::new();
    for (i, (x, y)) in path.into_iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let _ = write!(s, "{x},{y}");
    }
    s
}

impl DrawingBackend for Canvas {
    type ErrorType = Never;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Never>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Never>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        (x, y): BackendCoord,
        c: BackendColor,
    ) -> Result<(), DrawingErrorKind<Never>> {
        if c.alpha > 0.0 {
            self.push(&format!(
                "<rect x=\"{x}\" y=\"{y}\" width=\"1\" height=\"1\" fill=\"{}\"{}/>\n",
                color(c),
                opacity("fill", c)
            ));
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Never>> {
        let c = style.color();
        if c.alpha > 0.0 {
            self.push(&format!(
                "<line x1=\"{x0}\" y1=\"{y0}\" x2=\"{x1}\" y2=\"{y1}\" stroke=\"{}\" stroke-width=\"{}\"{}/>\n",
                color(c),
                style.stroke_width(),
                opacity("stroke", c)
            ));
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Never>> {
        let c = style.color();
        if c.alpha <= 0.0 {
            return Ok(());
        }
        let (x, y) = (x0.min(x1), y0.min(y1));
        let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
        let paint = paint_attrs(c, fill, "none", style.stroke_width());
        self.push(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" {paint}/>\n"
        ));
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Never>> {
        let c = style.color();
        if c.alpha > 0.0 {
            self.push(&format!(
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" \
                 stroke-linejoin=\"round\"{}/>\n",
                points(path),
                color(c),
                style.stroke_width(),
                opacity("stroke", c)
            ));
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Never>> {
        let c = style.color();
        if c.alpha <= 0.0 {
            return Ok(());
        }
        let paint = paint_attrs(c, fill, "white", style.stroke_width());
        self.push(&format!(
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"{radius}\" {paint}/>\n"
        ));
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Never>> {
        let c = style.color();
        if c.alpha > 0.0 {
            self.push(&format!(
                "<polygon points=\"{}\" fill=\"{}\"{}/>\n",
                points(vert),
                color(c),
                opacity("fill", c)
            ));
        }
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        (x, y): BackendCoord,
    ) -> Result<(), DrawingErrorKind<Never>> {
        let c = style.color();
        if c.alpha <= 0.0 || text.is_empty() {
            return Ok(());
        }
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Center => "middle",
            HPos::Right => "end",
        };
        // Baseline offsets from the anchor point: cap height ≈ 0.72 em.
        let dy = match style.anchor().v_pos {
            VPos::Top => "0.75em",
            VPos::Center => "0.36em",
            VPos::Bottom => "0",
        };
        let mut attrs = format!(
            "x=\"{x}\" y=\"{y}\" text-anchor=\"{anchor}\" font-size=\"{}\" fill=\"{}\"{}",
            trim(style.size()),
            color(c),
            opacity("fill", c)
        );
        if dy != "0" {
            let _ = write!(attrs, " dy=\"{dy}\"");
        }
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => attrs.push_str(" font-weight=\"bold\""),
            FontStyle::Italic | FontStyle::Oblique => attrs.push_str(" font-style=\"italic\""),
        }
        let rot = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
            _ => None,
        };
        if let Some(r) = rot {
            let _ = write!(attrs, " transform=\"rotate({r}, {x}, {y})\"");
        }
        self.push(&format!("<text {attrs}>{}</text>\n", escape(text)));
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Never>> {
        let w = text_width(text, style.size()).ceil() as u32;
        let h = style.size().ceil() as u32;
        Ok(match style.transform() {
            FontTransform::Rotate90 | FontTransform::Rotate270 => (h, w),
            _ => (w, h),
        })
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.1}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_nest_and_close() {
        let c = Canvas::new(100, 50);
        let area = c.area();
        c.dashed(Some("a&b"), Some("4 2"));
        area.draw(&PathElement::new(vec![(0, 0), (10, 10)], BLACK))
            .unwrap();
        c.end();
        c.group(None, &[]);
        let svg = c.finish("T <1>", "d");
        assert!(svg.contains("<g id=\"a&amp;b\" stroke-dasharray=\"4 2\">"));
        assert!(svg.contains("<polyline points=\"0,0 10,10\""));
        assert!(svg.contains("<title>T &lt;1&gt;</title>"));
        assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
    }

    #[test]
    fn text_is_written_with_its_anchor() {
        let c = Canvas::new(100, 50);
        let area = c.area();
        let style = TextStyle::from((FONT, 12).into_font()).pos(
            plotters::style::text_anchor::Pos::new(HPos::Right, VPos::Center),
        );
        area.draw_text("p99 < 5 ms", &style, (50, 20)).unwrap();
        let svg = c.finish("t", "d");
        assert!(svg.contains("text-anchor=\"end\""), "{svg}");
        assert!(svg.contains(">p99 &lt; 5 ms</text>"), "{svg}");
    }

    #[test]
    fn widths_grow_with_text() {
        assert!(text_width("$1,000", 12.0) < text_width("$10,000,000", 12.0));
        assert!(text_width("iiii", 12.0) < text_width("MMMM", 12.0));
    }
}
