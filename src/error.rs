//! Errors that point at the input: file, line and column, key, what was expected, a hint.

use std::fmt;

/// An input problem at a place in a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Located {
    pub file: String,
    /// 1-based line and column, where known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Dotted key path, e.g. `traffic.dau`.
    pub key: Option<String>,
    pub message: String,
    pub expected: Option<String>,
    pub hint: Option<String>,
    /// The offending source line, for display.
    pub snippet: Option<String>,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(k) = &self.key {
            write!(f, "`{k}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let (Some(l), Some(s)) = (self.line, &self.snippet) {
            let col = self.column.unwrap_or(1);
            let w = l.to_string().len();
            write!(
                f,
                "\n {:>w$} | {}\n {:>w$} | {}^",
                l,
                s,
                "",
                " ".repeat(col.saturating_sub(1))
            )?;
        }
        if let Some(e) = &self.expected {
            write!(f, "\n  expected: {e}")?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Located {}

/// The closest candidate to `word`, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word.to_ascii_lowercase(), &c.to_ascii_lowercase());
        if score > best.map(|b| b.0).unwrap_or(0.0) {
            best = Some((score, c));
        }
    }
    best.filter(|b| b.0 >= 0.8)
        .map(|b| format!("did you mean `{}`?", b.1))
}

/// A source text with its display name, used to turn parser errors and key paths into places.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl<'a> SourceFile<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        SourceFile { name, text }
    }

    fn line_text(&self, line: usize) -> Option<String> {
        self.text
            .lines()
            .nth(line.checked_sub(1)?)
            .map(|s| s.trim_end().to_string())
    }

    /// An error at a 1-based line/column.
    pub fn at(
        &self,
        line: Option<usize>,
        column: Option<usize>,
        key: Option<String>,
        message: impl Into<String>,
    ) -> Located {
        Located {
            file: self.name.to_string(),
            line,
            column,
            key,
            message: message.into(),
            expected: None,
            hint: None,
            snippet: line.and_then(|l| self.line_text(l)),
        }
    }

    /// An error about the value at a dotted key path; finds the line where the key is written.
    pub fn at_key(&self, path: &str, message: impl Into<String>) -> Located {
        let (line, col) = match self.locate(path) {
            Some((l, c)) => (Some(l), Some(c)),
            None => (None, None),
        };
        self.at(line, col, Some(path.to_string()), message)
    }

    /// Find where a dotted key path (`traffic.dau`, `features[2]`) is written, as 1-based
    /// (line, column). Works for block and flow YAML and for TOML tables, dotted keys and
    /// inline tables: it searches for each path segment after the previous one was found,
    /// preferring the segment's first occurrence as a key (`name:` / `name =`).
    pub fn locate(&self, path: &str) -> Option<(usize, usize)> {
        let mut from = 0usize; // byte offset where the search for the next segment starts
        let mut found = None;
        for seg in path.split('.') {
            let (name, index) = match seg.split_once('[') {
                Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
                None => (seg, None),
            };
            let pos = find_key(&self.text[from..], name).map(|p| p + from)?;
            from = pos + name.len();
            found = Some(pos);
            if let Some(i) = index {
                // Skip to the i-th list item after the key: `- ` items or `[a, b]` elements.
                if let Some(p) = nth_item(&self.text[from..], i) {
                    from += p;
                    found = Some(from);
                }
            }
        }
        let pos = found?;
        let line = self.text[..pos].matches('\n').count() + 1;
        let line_start = self.text[..pos].rfind('\n').map(|p| p + 1).unwrap_or(0);
        let column = self.text[line_start..pos].chars().count() + 1;
        Some((line, column))
    }

    /// Turn a serde_yaml error into a located one, with a did-you-mean for unknown keys.
    pub fn yaml_error(&self, e: &serde_yaml::Error, what: &str) -> Located {
        let full = e.to_string();
        // serde_yaml appends " at line L column C"; the location is reported separately.
        let msg = match full.rfind(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full.clone(),
        };
        let (mut line, mut column) = e
            .location()
            .map(|l| (Some(l.line()), Some(l.column())))
            .unwrap_or((None, None));
        // serde reports a duplicate key at its mapping; point at the second occurrence.
        if let Some(field) = msg
            .split_once("duplicate field `")
            .or_else(|| msg.split_once("duplicate entry with key \""))
            .and_then(|(_, r)| r.split(['`', '"']).next())
        {
            if let Some((l, c)) = self.second_key(line.unwrap_or(1), field) {
                (line, column) = (Some(l), Some(c));
            }
        }
        let mut loc = self.serde_message(line, column, &msg, what);
        if loc.message.starts_with("duplicate") {
            if let Some(field) = loc.message.split('`').nth(1) {
                loc.key = Some(match &loc.key {
                    Some(k) if k == field || k.ends_with(&format!(".{field}")) => k.clone(),
                    Some(k) => format!("{k}.{field}"),
                    None => field.to_string(),
                });
                loc.message = format!("`{field}` is given twice");
            }
            loc.expected = Some("each key once in its mapping".into());
            loc.hint = Some("remove one of the two, or merge them".into());
        }
        loc
    }

    /// Turn a serde_json error into a located one; the key path is read off the text.
    pub fn json_error(&self, e: &serde_json::Error, what: &str) -> Located {
        let full = e.to_string();
        let msg = match full.rfind(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full.clone(),
        };
        let (line, column) = (e.line(), e.column());
        let key = json_path_at(self.text, line, column);
        let msg = match key {
            Some(k) if !k.is_empty() => format!("{k}: {msg}"),
            _ => msg,
        };
        let (line, column) = if line == 0 {
            (None, None)
        } else {
            (Some(line), Some(column.max(1)))
        };
        let mut loc = self.serde_message(line, column, &msg, what);
        if e.is_syntax() || e.is_eof() {
            loc.expected = Some("JSON text: `{\"name\": …, \"traffic\": {…}}`".into());
            loc.hint = Some("check the quotes, commas and brackets around this place".into());
        }
        loc
    }

    /// The dotted path of the block-style YAML key written on 1-based `line`: its own key and
    /// those of the less indented lines above it.
    pub fn key_path_at_line(&self, line: usize) -> Option<String> {
        let key_of = |t: &str| -> Option<(usize, String)> {
            let indent = t.len() - t.trim_start_matches([' ', '\t']).len();
            let body = t[indent..].trim_start_matches("- ");
            let end = body.find(':')?;
            let w = body[..end].trim().trim_matches(['"', '\'']);
            (!w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '_'))
                .then(|| (indent, w.to_string()))
        };
        let lines: Vec<&str> = self.text.lines().take(line).collect();
        let (mut indent, own) = key_of(lines.last()?)?;
        let mut path = vec![own];
        for t in lines.iter().rev().skip(1) {
            if indent == 0 {
                break;
            }
            if let Some((i, k)) = key_of(t) {
                if i < indent {
                    path.push(k);
                    indent = i;
                }
            }
        }
        path.reverse();
        Some(path.join("."))
    }

    /// Where `name` is written as a key the second time at or after line `from`.
    fn second_key(&self, from: usize, name: &str) -> Option<(usize, usize)> {
        let start: usize = self
            .text
            .split_inclusive('\n')
            .take(from.saturating_sub(1))
            .map(str::len)
            .sum();
        let first = find_key(&self.text[start..], name)? + start + name.len();
        let pos = find_key(&self.text[first..], name)? + first;
        let line = self.text[..pos].matches('\n').count() + 1;
        let ls = self.text[..pos].rfind('\n').map(|p| p + 1).unwrap_or(0);
        Some((line, self.text[ls..pos].chars().count() + 1))
    }

    /// Turn a toml error into a located one.
    pub fn toml_error(&self, e: &toml::de::Error, what: &str) -> Located {
        let (line, column) = match e.span() {
            Some(span) => {
                let pos = span.start.min(self.text.len());
                let line = self.text[..pos].matches('\n').count() + 1;
                let ls = self.text[..pos].rfind('\n').map(|p| p + 1).unwrap_or(0);
                (Some(line), Some(self.text[ls..pos].chars().count() + 1))
            }
            None => (None, None),
        };
        // Recover the key path from the table headers above the error for a better message.
        let mut path = String::new();
        if let Some(l) = line {
            for text in self.text.lines().take(l).collect::<Vec<_>>().iter().rev() {
                let t = text.trim();
                if t.starts_with('[') && t.ends_with(']') {
                    path = t.trim_matches(|c| c == '[' || c == ']').trim().to_string();
                    break;
                }
            }
        }
        let msg = e.message().trim().to_string();
        let msg = if path.is_empty() || msg.starts_with(&path) {
            msg
        } else {
            format!("{path}: {msg}")
        };
        self.serde_message(line, column, &msg, what)
    }

    /// Split a serde message `path: text` into key and text; add expected/hint.
    fn serde_message(
        &self,
        line: Option<usize>,
        column: Option<usize>,
        msg: &str,
        what: &str,
    ) -> Located {
        let (key, text) = split_path_prefix(msg);
        let text = &plain_words(text);
        let mut loc = self.at(line, column, key.clone(), text.to_string());
        if let Some(rest) = text.strip_prefix("unknown field `") {
            if let Some((field, tail)) = rest.split_once('`') {
                let candidates = backticked(tail);
                let full_key = match &key {
                    Some(k) => format!("{k}.{field}"),
                    None => field.to_string(),
                };
                loc.key = Some(full_key);
                loc.message = format!("unknown key `{field}` in {what}");
                if !candidates.is_empty() {
                    loc.expected = Some(format!("one of {}", candidates.join(", ")));
                }
                loc.hint = if !field.is_empty() && field.chars().all(|c| c.is_ascii_digit()) {
                    Some("inside `{ … }` a comma separates entries, so `$5,000` splits in two: quote it (`\"$5,000\"`) or write `$5000`".to_string())
                } else {
                    did_you_mean(field, candidates.iter().copied()).or_else(|| {
                        Some("remove the key or check its spelling and nesting".to_string())
                    })
                };
            }
        } else if text.contains("none of the accepted shapes") {
            loc.expected = Some("one of the forms the key accepts".into());
            loc.hint = Some("`capplan schema` lists the forms each key accepts".into());
        } else if text.starts_with("missing field `") {
            loc.hint = Some("add the key; `capplan init` writes a complete example".into());
        } else if let Some(rest) = text.strip_prefix("unknown variant `") {
            if let Some((v, tail)) = rest.split_once('`') {
                let candidates = backticked(tail);
                loc.hint = did_you_mean(v, candidates.iter().copied());
            }
        }
        self.refine(&mut loc);
        loc
    }

    /// Split a message that carries its expectation (`… expected X`, `expected X, found Y
    /// (hint)`) into message, expected and hint; complete the key from the line it points at;
    /// give every error a hint.
    fn refine(&self, loc: &mut Located) {
        let m = loc.message.clone();
        if loc.expected.is_none() {
            if let Some(rest) = m.strip_prefix("expected ") {
                let (exp, found, hint) = match rest.split_once(", found `") {
                    Some((e, tail)) => match tail.split_once("` (") {
                        Some((f, h)) => (e, Some(f), Some(h.strip_suffix(')').unwrap_or(h))),
                        None => (e, Some(tail.trim_end_matches('`')), None),
                    },
                    None => match rest.rsplit_once(", found ") {
                        Some((e, f)) => (e, Some(f), None),
                        None => (rest, None, None),
                    },
                };
                loc.message = match found {
                    Some(f) => format!("cannot read `{f}`"),
                    None => "cannot read this value".into(),
                };
                loc.expected = Some(exp.to_string());
                loc.hint = hint.map(str::to_string).or(loc.hint.take());
            } else if let Some((msg, exp)) = m
                .split_once(", expected ")
                .or_else(|| m.split_once(": expected "))
                .or_else(|| m.split_once(": need "))
            {
                loc.message = msg.to_string();
                loc.expected = Some(exp.to_string());
            } else if m.contains("interval's low end") {
                loc.expected = Some("`low..high` with the low end first".into());
            }
        }
        if loc.hint.is_none() {
            let msg = &loc.message;
            loc.hint = Some(
                if msg.contains("invalid type") {
                    "write one value of the kind expected; `capplan schema` lists each key's forms"
                } else if msg.contains("unknown variant") {
                    "use one of the values listed"
                } else if msg.contains("interval") {
                    "write the smaller end first, e.g. `5M..20M`"
                } else if msg.contains("parameters") {
                    "put the smaller value in `low` and keep `mode` between the ends"
                } else {
                    "`capplan init` writes a commented example of every key"
                }
                .into(),
            );
        }
        // serde names the mapping, not the key inside it, for errors raised by a value:
        // take the key written on the line pointed at.
        if let (Some(k), Some(l)) = (&loc.key, loc.line) {
            if let Some(token) = self.line_text(l).and_then(|t| {
                let t = t.trim_start().trim_start_matches("- ");
                let end = t.find([':', '='])?;
                let w = t[..end].trim().trim_matches(['"', '\'']);
                (!w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '_'))
                    .then(|| w.to_string())
            }) {
                if !k.split(['.', '[']).any(|s| s == token) {
                    loc.key = Some(format!("{k}.{token}"));
                }
            }
        }
    }
}

/// Serde's words for Rust types, in the user's words: `expected struct Traffic` → `expected a
/// mapping of keys`, `expected u32` → `expected a whole number`.
pub fn plain_words(text: &str) -> String {
    let mut out = text.to_string();
    if let Some(i) = out.find("data did not match any variant of untagged enum") {
        out.replace_range(i.., "the value has none of the accepted shapes");
    }
    // `expected struct CatalogFile`: the type name says nothing to a reader.
    while let Some(i) = out.find("expected struct ") {
        let rest = &out[i + "expected struct ".len()..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric() && c != '_')
            .unwrap_or(rest.len());
        let tail = rest[end..].to_string();
        out.replace_range(i.., &format!("expected \u{1}{tail}"));
    }
    for (rust, plain) in [
        ("expected a map", "expected \u{1}"),
        ("expected a sequence", "expected a list"),
        ("expected unit", "expected nothing"),
        ("expected a borrowed string", "expected text"),
        ("expected a string", "expected text"),
        ("expected a boolean", "expected true or false"),
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected u8", "expected a whole number"),
        ("expected u16", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected usize", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
    ] {
        // Whole words only: `expected a map` is not `expected a mapping`.
        let mut from = 0;
        while let Some(j) = out[from..].find(rust).map(|j| j + from) {
            let after = out[j + rust.len()..].chars().next();
            if after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                from = j + rust.len();
                continue;
            }
            out.replace_range(j..j + rust.len(), plain);
            from = j + plain.len();
        }
    }
    out.replace('\u{1}', "a mapping of keys")
}

/// The dotted key path of the JSON value that covers 1-based (`line`, `column`).
fn json_path_at(text: &str, line: usize, column: usize) -> Option<String> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let end = text[start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map(|(i, _)| start + i)
        .unwrap_or(text.len())
        .min(text.len());
    // Stack of (key or index) per open container; the pending key of the current object.
    let mut stack: Vec<(bool, String, usize)> = Vec::new(); // (is_object, key, index)
    let mut in_str = false;
    let mut esc = false;
    let mut cur = String::new();
    let mut last_str = String::new();
    for c in text[..end].chars() {
        if in_str {
            match (esc, c) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => {
                    in_str = false;
                    last_str = std::mem::take(&mut cur);
                }
                (false, _) => cur.push(c),
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' => stack.push((true, String::new(), 0)),
            '[' => stack.push((false, String::new(), 0)),
            '}' | ']' => {
                stack.pop();
            }
            ':' => {
                if let Some(top) = stack.last_mut() {
                    top.1 = last_str.clone();
                }
            }
            ',' => {
                if let Some(top) = stack.last_mut() {
                    if top.0 {
                        top.1.clear();
                    } else {
                        top.2 += 1;
                    }
                }
            }
            _ => {}
        }
    }
    let mut path = String::new();
    for (is_obj, key, idx) in &stack {
        if *is_obj {
            if key.is_empty() {
                break;
            }
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
        } else {
            path.push_str(&format!("[{idx}]"));
        }
    }
    Some(path)
}

/// The names serde lists after "expected one of": every `backticked` word.
fn backticked(tail: &str) -> Vec<&str> {
    tail.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.is_empty())
        .collect()
}

/// `traffic.dau: invalid ...` → (Some("traffic.dau"), "invalid ...").
fn split_path_prefix(msg: &str) -> (Option<String>, &str) {
    if let Some((p, rest)) = msg.split_once(": ") {
        let looks_like_path = !p.is_empty()
            && !p.contains(' ')
            && p.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '[' || c == ']');
        if looks_like_path {
            return (Some(p.to_string()), rest);
        }
    }
    (None, msg)
}

/// Byte offset of `name` written as a key (`name:`, `name =`, `"name":`) in `text`.
fn find_key(text: &str, name: &str) -> Option<usize> {
    if name.is_empty() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(i) = text[start..].find(name) {
        let pos = start + i;
        let before_ok = pos == 0 || {
            let b = bytes[pos - 1];
            !(b.is_ascii_alphanumeric() || b == b'_')
        };
        let after = text[pos + name.len()..].trim_start_matches([' ', '\t', '"', '\'']);
        let after_ok = after.starts_with(':') || after.starts_with('=') || after.starts_with(']');
        let after_word_ok = text[pos + name.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        if before_ok && after_ok && after_word_ok {
            return Some(pos);
        }
        start = pos + name.len();
    }
    None
}

/// Offset of the i-th (0-based) item of the list that starts in `text`.
fn nth_item(text: &str, i: usize) -> Option<usize> {
    let t = text.trim_start_matches([' ', ':', '=']);
    let skipped = text.len() - t.len();
    if let Some(inner) = t.strip_prefix('[') {
        let mut idx = 0;
        let mut pos = 1;
        for (j, c) in inner.char_indices() {
            if idx == i {
                let lead = inner[j..].len() - inner[j..].trim_start().len();
                return Some(skipped + pos + j + lead);
            }
            if c == ',' {
                idx += 1;
            }
            if c == ']' {
                break;
            }
            pos = 1;
        }
        None
    } else {
        let mut count = 0;
        let mut off = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix("- ") {
                if count == i {
                    return Some(
                        off + (line.len() - trimmed.len())
                            + 2
                            + (rest.len() - rest.trim_start().len()),
                    );
                }
                count += 1;
            }
            off += line.len();
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_yaml_paths() {
        let text = "name: x\ntraffic:\n  dau: 10M\n  peak_factor: 2\npayloads: { read: 500 B, write: 1 KB }\nfeatures: [media, serch]\n";
        let s = SourceFile::new("s.yaml", text);
        assert_eq!(s.locate("traffic.dau"), Some((3, 3)));
        assert_eq!(s.locate("traffic.peak_factor"), Some((4, 3)));
        assert_eq!(s.locate("payloads.write"), Some((5, 26)));
        assert_eq!(s.locate("features[1]"), Some((6, 19)));
        assert_eq!(s.locate("growth.yearly"), None);
        assert_eq!(s.locate(""), None);
        assert_eq!(s.locate("traffic."), None);
    }

    #[test]
    fn locate_toml_paths() {
        let text = "name = \"x\"\n[traffic]\ndau = \"10M\"\n[data]\nretention = \"5 years\"\n";
        let s = SourceFile::new("s.toml", text);
        assert_eq!(s.locate("traffic.dau"), Some((3, 1)));
        assert_eq!(s.locate("data.retention"), Some((5, 1)));
    }

    #[test]
    fn hints() {
        assert_eq!(
            did_you_mean("read_write_ratoi", ["dau", "read_write_ratio"]),
            Some("did you mean `read_write_ratio`?".into())
        );
        assert_eq!(did_you_mean("zzz", ["dau", "read_write_ratio"]), None);
    }
}
