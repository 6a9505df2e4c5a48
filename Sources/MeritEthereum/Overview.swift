// MeritEthereum: Ethereum-native primitives, pure and deterministic, no I/O.
//
// Lives here: Keccak-256 over Keccak-f[1600], 32-byte values, hex. Later: secp256k1, EIP-55,
// EIP-191, EIP-712, ABI encoding, keystores. Depends on nothing but the standard library, so every
// other module may use it.
