//! The registry: which model sizes a technology, by the family of its `sizing:` block.
//!
//! A new family is one model file, one arm here and its catalog YAML.

use super::cache::CacheModel;
use super::document::DocumentModel;
use super::key_value::KeyValueModel;
use super::queue::QueueModel;
use super::relational::RelationalModel;
use super::search::SearchModel;
use super::stream::StreamModel;
use super::wide_column::WideColumnModel;
use super::ComponentModel;
use crate::catalog::Sizing;

/// The model for a technology's sizing figures.
pub fn model(s: &Sizing) -> &'static dyn ComponentModel {
    match s {
        Sizing::Relational(_) => &RelationalModel,
        Sizing::WideColumn(_) => &WideColumnModel,
        Sizing::KeyValueServerless(_) => &KeyValueModel,
        Sizing::Document(_) => &DocumentModel,
        Sizing::Cache(_) => &CacheModel,
        Sizing::StreamBrokers(_) | Sizing::StreamShards(_) => &StreamModel,
        Sizing::QueueServerless(_) | Sizing::QueueBrokers(_) => &QueueModel,
        Sizing::Search(_) => &SearchModel,
    }
}
