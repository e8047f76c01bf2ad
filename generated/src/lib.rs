//! Typed models of LLM vendors' file APIs, generated from their published documents.
