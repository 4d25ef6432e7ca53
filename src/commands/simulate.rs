// placeholder until the queueing helper writes the real command
pub fn run(_a: &crate::cli::SimulateArgs) -> anyhow::Result<String> {
    anyhow::bail!("simulate is not wired yet")
}
