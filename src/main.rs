//! `poskeeper`: the command line over the PosKeeper core (SPEC §4).

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
