//! Pass: Mintlify's page model (`paths.path`, `method`, `request`, `response`, `schemaArray`) →
//! an OpenAPI document.
