//! sqlx's `migrate!` reads the migrations when the crate compiles; without
//! this, a new migration file left an incremental build on the old schema.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
