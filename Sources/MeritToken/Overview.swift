// MeritToken: each model's token, off chain and exact to the unit (docs/token.md).
//
// Lives here: the token terms and their presets, the reward, budget and cap rules, the fee split,
// vesting, the bonding curve (flat phase, then Bancor's curve computed exactly and rounded in the
// reserve's favour), all in unsigned 256-bit integers, never Double; and the ledger: requests, entries
// chained by Keccak-256, the state they fold to, the verifier, `TokenLedger` (rules, then a
// compare-and-swap append) and the `LedgerStore` role that MeritStore implements in SQL and in memory.
// Pure and synchronous but for `TokenLedger`'s appends. Depends on MeritBase, MeritCore, MeritEthereum
// and BigInt; no SQL, no HTTP.
