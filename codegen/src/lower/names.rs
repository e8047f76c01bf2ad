//! Every Rust identifier, decided in one place.
