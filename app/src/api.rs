//! Server functions: thin shims from a page to the service layer, plus the
//! data they return.

#[cfg(feature = "ssr")]
pub mod context;
pub mod dto;
pub mod staff;
pub mod status;
