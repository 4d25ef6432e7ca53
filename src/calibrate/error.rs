//! What can go wrong calibrating: a file that cannot be read as a load test, or data a fit
//! cannot use. Both are input errors (exit code 2).

use crate::error::Located;

#[derive(Debug, thiserror::Error)]
pub enum CalibrateError {
    /// A problem at a place in an input file.
    #[error("{0}")]
    Input(Box<Located>),
    /// The data as a whole cannot support a fit (too few points, no spread, …).
    #[error("{0}")]
    Fit(String),
}

impl CalibrateError {
    /// The process exit code: every calibration error is an input error.
    pub fn code(&self) -> u8 {
        2
    }

    /// An error in `file` at a 1-based line (and column, where known).
    pub fn at(
        file: &str,
        line: Option<usize>,
        column: Option<usize>,
        message: impl Into<String>,
        expected: Option<&str>,
        hint: Option<&str>,
    ) -> CalibrateError {
        CalibrateError::Input(Box::new(Located {
            file: file.to_string(),
            line,
            column,
            key: None,
            message: message.into(),
            expected: expected.map(str::to_string),
            hint: hint.map(str::to_string),
            snippet: None,
        }))
    }
}
