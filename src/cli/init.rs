//! `capplan init` and `capplan completions` arguments.

use clap::ValueEnum;
use std::path::PathBuf;

/// Starter specs for `capplan init`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Template {
    /// Every key, explained; the optional ones commented out.
    Blank,
    /// Read-heavy redirects behind a cache (100:1).
    UrlShortener,
    /// WebSockets, fan-out to group members, write-heavy history.
    Chat,
    /// Fan-out on write through a stream, precomputed feeds, CDN images.
    NewsFeed,
    /// Uploads, a transcoding queue, segments from a global CDN.
    VideoStreaming,
    /// A fixed request rate through Redis counters, no database.
    RateLimiter,
    /// A SaaS web app with a relational database (the System Design Guide's estimation tip).
    Saas,
}

impl Template {
    /// The template's id as typed on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Template::Blank => "blank",
            Template::UrlShortener => "url-shortener",
            Template::Chat => "chat",
            Template::NewsFeed => "news-feed",
            Template::VideoStreaming => "video-streaming",
            Template::RateLimiter => "rate-limiter",
            Template::Saas => "saas",
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
capplan init                                  # capplan.yaml: every key, explained\n  \
capplan init --template url-shortener         # url-shortener.yaml, a worked design\n  \
capplan init \"Photo sharing\" -t news-feed     # photo-sharing.yaml, named, from a template\n  \
capplan init -t chat -o - | less              # print instead of writing a file\n\n\
Then: capplan estimate <FILE>. For editor validation and completion, save the schema next to \
the spec with `capplan schema > capplan.schema.json` (init does this for you when it is \
missing).")]
pub struct InitArgs {
    /// The system's name: the spec's `name:` and, without -o, the file name (slugged).
    pub name: Option<String>,

    /// The starter spec to copy.
    #[arg(
        short,
        long,
        value_enum,
        default_value_t = Template::Blank,
        value_name = "TEMPLATE",
        help_heading = "Template"
    )]
    pub template: Template,

    /// Write to FILE (`-` for stdout); default: NAME.yaml, or the template's name.
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,

    /// Overwrite FILE if it exists.
    #[arg(long, help_heading = "Output")]
    pub force: bool,

    /// Do not write `capplan.schema.json` beside the spec (by default it is written when
    /// missing, so editors can validate the spec right away).
    #[arg(long, help_heading = "Output")]
    pub no_schema: bool,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
capplan completions bash > ~/.local/share/bash-completion/completions/capplan\n  \
capplan completions zsh > ~/.zfunc/_capplan     # with fpath+=(~/.zfunc) before compinit\n  \
capplan completions fish > ~/.config/fish/completions/capplan.fish\n  \
capplan completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// The shell to complete for [default: the one $SHELL names].
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Option<clap_complete::Shell>,
}
