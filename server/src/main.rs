use server::config::{Config, HELP};
use server::startup::Application;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => {}
        Some("-h" | "--help" | "help") => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Some("-V" | "--version") => {
            println!("baton {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Some("sla") => return server::cli::run_sla(&args[1..]),
        Some("admin") => return server::cli::run_admin(&args[1..]).await,
        Some(other) => {
            eprintln!("baton: unknown argument {other:?}. Run `baton --help` for usage.");
            return ExitCode::from(2);
        }
    }
    server::telemetry::init();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("baton: {error}");
            return ExitCode::from(2);
        }
    };
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(error) => {
            eprintln!("baton: could not start: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("Baton is running at {}", app.url());
    if let Some(smtp) = app.smtp_addr() {
        println!("Baton takes email (SMTP) at {smtp}");
    }
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("baton: server stopped: {error}");
            ExitCode::FAILURE
        }
    }
}
