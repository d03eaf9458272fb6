//! guidelint's integration tests, in one test binary: one link instead of one per file, and about
//! 0.5 GB less disk per clean `cargo test`. Each module is one concern; `common` holds the helpers
//! they share. Run one with `cargo test --test it MODULE::`.

mod common;

mod check_cli;
mod closed_streams;
mod fixes;
mod fmt;
mod format_doc;
mod formats;
mod graph_cli;
mod human_output;
mod json_conformance;
mod lsp_actions;
mod lsp_completion;
mod lsp_diagnostics;
mod lsp_lifecycle;
mod lsp_navigation;
mod lsp_neovim;
mod lsp_properties;
mod module_graph;
mod never_modify;
mod profiles_and_traceability;
mod properties;
mod readme;
mod render_browser;
mod render_site;
mod repository_scale;
mod rule_fixtures;
mod rules_config_cli;
mod rules_consistency;
mod rules_graph;
mod scenario_files;
mod schema;
mod semantics_properties;
mod simulate_cli;
mod test_cli;
mod tree;
