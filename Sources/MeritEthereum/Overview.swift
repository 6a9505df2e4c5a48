// MeritEthereum: Ethereum-native primitives, pure and deterministic, no I/O.
//
// Lives here: Keccak-256 over Keccak-f[1600], 32-byte values, secp256k1 (through CSecp256k1), addresses
// (EIP-55), EIP-191, EIP-712 typed data, ABI encoding, keystore V3 (scrypt, PBKDF2). Depends on MeritBase
// (JSON, hex) and swift-crypto, so every other module may use it.
