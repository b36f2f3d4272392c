//! The settings a CSV parse ran with, each with where it came from, for the preview and for
//! storing with the mapping so the next import of the bank's files needs no detection.

use serde::Serialize;

use crate::amount::{DecimalSeparator, ThousandsSeparator};
use crate::csv::mapping::Delimiter;
use crate::date::DateFormat;
use crate::encoding::EncodingSource;

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingSource {
    /// The mapping gave it.
    Given,
    /// Read from the first rows of the file.
    Detected,
    /// Neither given nor detectable (e.g. amounts without decimals): the default was used.
    Default,
}

/// A setting and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting<T> {
    pub value: T,
    pub source: SettingSource,
}

impl<T> Setting<T> {
    pub(crate) fn given(value: T) -> Self {
        Self {
            value,
            source: SettingSource::Given,
        }
    }

    pub(crate) fn detected(value: T) -> Self {
        Self {
            value,
            source: SettingSource::Detected,
        }
    }

    pub(crate) fn default_value(value: T) -> Self {
        Self {
            value,
            source: SettingSource::Default,
        }
    }
}

/// The settings of a CSV parse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CsvSettings {
    /// The WHATWG name of the encoding (`UTF-8`, `windows-1252`, `UTF-16LE`, …).
    pub encoding: String,
    pub encoding_source: EncodingSource,
    pub delimiter: Setting<Delimiter>,
    pub has_header: Setting<bool>,
    pub date_format: Setting<DateFormat>,
    pub decimal_separator: Setting<DecimalSeparator>,
    pub thousands_separator: Setting<ThousandsSeparator>,
    /// The header's cells (empty without a header).
    pub headers: Vec<String>,
}
