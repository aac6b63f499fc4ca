//! The committed derived files are exactly what `cargo xtask codegen` generates now: the same check
//! as `cargo xtask codegen --check`, so `cargo test` catches a stale document or client.

use tests::workspace_root;
use xtask::codegen::{apply, generated_files, stale_report};

#[test]
fn committed_generated_files_are_up_to_date() {
    let files = generated_files().expect("every derived file generates");
    let outcomes =
        apply(&workspace_root(), &files, true).expect("the committed files are readable");
    if let Some(report) = stale_report(&outcomes) {
        panic!("\n{report}");
    }
}
