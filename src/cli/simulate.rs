// placeholder until the queueing helper writes the real SimulateArgs
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {}
