//! The tests' seeded random numbers, shared by the helper modules (`common`, `files_util`).

/// A small xorshift generator; the seed is printed and taken from `POSKEEPER_TEST_SEED`.
pub struct Rng(pub u64);

impl Rng {
    pub fn from_env() -> (Rng, u64) {
        let seed = std::env::var("POSKEEPER_TEST_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
        }) | 1;
        eprintln!("seed {seed} (replay with POSKEEPER_TEST_SEED={seed})");
        (Rng(seed), seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}
