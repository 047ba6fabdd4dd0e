//! Thin commands: parse, call the core or the store, map the error.

pub mod app;
pub mod budget;
pub mod drafts;
pub mod export;
pub mod review;
pub mod sections;
pub mod share;
