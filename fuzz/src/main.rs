//! `edgechat-fuzz`: the fuzzer's command line. `run` (the default) fuzzes targets for a number
//! of executions; `replay TARGET FILE…` runs saved inputs once (a crash, to reproduce it);
//! `list` names the targets. Exits 1 when a rule broke, 2 on a bad command line, 3 on a hang.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    std::process::exit(cli::main());
}
