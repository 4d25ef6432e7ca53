//! capplan: thin entry point. Parses arguments, runs a command, maps errors to exit codes:
//! 0 ok, 1 a check failed, 2 usage or input error.

use capplan::cli::{CatalogCommand, Cli, Command};
use capplan::commands;
use clap::FromArgMatches;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // comfy-table knows the terminal's width when stdout is one. A report written to a file
    // is not laid out for the terminal (nor for COLUMNS): only `--width` limits it.
    let to_file = cli
        .command
        .output_file()
        .is_some_and(|p| p.as_os_str() != "-");
    let terminal = if std::io::stdout().is_terminal() && !to_file {
        comfy_table::Table::new().width()
    } else {
        None
    };
    let columns = std::env::var("COLUMNS").ok().filter(|_| !to_file);
    capplan::units::set_table_width(cli.width, columns.as_deref(), terminal);
    let ui = commands::estimate::Ui {
        color: capplan::render::use_color(cli.color, std::io::stdout().is_terminal()),
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let mut code = ExitCode::SUCCESS;
    let (text, output) = match &cli.command {
        Command::Estimate(a) => (commands::estimate::run(a, ui)?, a.output.clone()),
        Command::Simulate(a) => (commands::simulate::run(a, ui)?, None),
        Command::Calibrate(a) => (commands::calibrate::run(a, ui)?, None),
        Command::Check(a) => {
            let (text, status) = commands::check::run_check(a, ui)?;
            if status != 0 {
                code = ExitCode::from(status);
            }
            (text, a.output.clone())
        }
        Command::Diff(a) => (commands::check::run_diff(a, ui)?, None),
        Command::Timeline(a) => (commands::timeline::run(a)?, a.output.clone()),
        Command::Practice(a) => (commands::practice::run(a, ui)?, None),
        Command::Init(a) => (commands::init::init(a)?, None),
        Command::Schema(a) => (commands::init::schema(a.of)?, None),
        Command::Completions(a) => (commands::init::completions(a)?, None),
        Command::Man => (commands::init::man()?, None),
        Command::Catalog(c) => (
            match c {
                CatalogCommand::List { catalog } => commands::catalog::list(catalog.as_deref())?,
                CatalogCommand::Show { name, catalog } => {
                    commands::catalog::show(name, catalog.as_deref())?
                }
                CatalogCommand::Validate { dir } => commands::catalog::validate(dir)?,
                CatalogCommand::Prices { catalog } => {
                    commands::catalog::prices(catalog.as_deref())?
                }
                CatalogCommand::Sources { catalog } => {
                    commands::catalog::sources(catalog.as_deref())?
                }
            },
            None,
        ),
    };
    match output {
        Some(path) => {
            commands::write_atomic(&path, &text)?;
            if !cli.quiet && path.as_os_str() != "-" {
                eprintln!("wrote {}", path.display());
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth a message.
            if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(e.into());
                }
            }
        }
    }
    Ok(code)
}

fn main() -> ExitCode {
    // The version line carries the catalog's price date: `capplan 0.1.0 (catalog prices as of …)`.
    let matches = commands::init::command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    // Defaults from capplan.toml and CAPPLAN_* wherever no flag was given.
    let cwd = std::env::current_dir().unwrap_or_default();
    match capplan::config::load(&cwd, &capplan::config::ProcessEnv) {
        Ok(d) => cli.apply_defaults(&matches, &d),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            // The whole chain, once.
            let mut msg = format!("error: {e}");
            for cause in e.chain().skip(1) {
                let c = cause.to_string();
                if !msg.contains(&c) {
                    msg.push_str(&format!("\n  caused by: {c}"));
                }
            }
            eprintln!("{msg}");
            ExitCode::from(2)
        }
    }
}
