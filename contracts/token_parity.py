#!/usr/bin/env python3
"""ModelToken.vy and Merit's ledger on one sequence of mints and claims.

Deploys DeltaOneVerifier.vy (one attester) and ModelToken.vy in py-evm, names the token the
verifier's only minter, then runs three paying attestations for one model (each judged against the
head the previous one made) and claims at chosen block times. Prints one JSON trace on stdout: the
token's terms, every step with its block time (and a mint's inputs), and the contract's balances,
supply and budget at the end. The Swift test (TokenParityTests) replays the steps through the ledger
and compares every number.

Usage: python3 contracts/token_parity.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import evm_check as ec  # noqa: E402
from eth_account import Account  # noqa: E402
from eth_utils import keccak, to_checksum_address  # noqa: E402
import eth_abi  # noqa: E402

E18 = 10**18
TERMS = {
    "tokens_per_delta_one": 1000, "contributor_share_bps": 8000, "initial_supply": 1_000_000, "max_reward": 10_000,
    "mint_budget": 100_000, "lifetime_cap": 100_000, "min_improvement_bps": 100,
    "vesting": {"immediate_bps": 1000, "duration_seconds": 1000, "cliff_seconds": 100},
}


def compile_token() -> dict:
    from vyper import compile_code
    src = (HERE / "ModelToken.vy").read_text()
    res = compile_code(src, contract_path=str(HERE / "ModelToken.vy"), output_formats=["abi", "bytecode"])
    return {"abi": res["abi"], "bytecode": res["bytecode"]}


def main() -> int:
    verifier = ec.Contract(ec.compile_contract())
    chain = ec.Chain(verifier)
    st = ec.SelfTest()
    attester_key = st.key()
    attester = Account.from_key(attester_key).address
    chain.deploy([attester], 1)
    t = chain.t

    token_c = compile_token()
    token = ec.Contract({"abi": token_c["abi"], "bytecode": token_c["bytecode"], "method_identifiers": {}})
    owner = to_checksum_address("0x" + "00" * 19 + "aa")
    v = TERMS["vesting"]
    ctor = [token.ctor["inputs"][i] for i in range(len(token.ctor["inputs"]))]
    args = eth_abi.encode([ec.abi_type(p) for p in ctor], [
        "Parity", "PRTY", chain.address, owner, TERMS["initial_supply"] * E18, TERMS["tokens_per_delta_one"] * E18,
        TERMS["max_reward"] * E18, TERMS["mint_budget"] * E18, TERMS["lifetime_cap"] * E18, TERMS["min_improvement_bps"],
        TERMS["contributor_share_bps"], True, v["immediate_bps"], v["duration_seconds"], v["cliff_seconds"]])
    h = t.send_transaction({"from": chain.deployer, "data": token_c["bytecode"] + args.hex(), "gas": ec.GAS})
    r = t.get_transaction_receipt(h)
    assert r["status"] == 1, "token deployment failed"
    token_addr = r["contract_address"]
    genesis_time = t.get_block_by_number(r["block_number"])["timestamp"]

    def send(contract: ec.Contract, to: str, name: str, fn_args: list) -> dict:
        data = contract.encode_call(name, fn_args)
        tx = {"from": chain.deployer, "to": to, "data": ec.hx(data), "gas": ec.GAS}
        try:
            t.call(tx)
        except ec.TransactionFailed as exc:
            raise SystemExit(f"{name} reverted: {ec.decode_revert(exc)}")
        rr = t.get_transaction_receipt(t.send_transaction(tx))
        assert rr["status"] == 1
        return {"time": t.get_block_by_number(rr["block_number"])["timestamp"]}

    def view(contract: ec.Contract, to: str, name: str, fn_args: list):
        out = t.call({"from": chain.deployer, "to": to, "data": ec.hx(contract.encode_call(name, fn_args)), "gas": ec.GAS})
        return contract.decode_out(name, ec.as_bytes(out))

    send(verifier, chain.address, "setMinter", [token_addr])
    a1, a2, a3 = (to_checksum_address("0x" + "00" * 19 + x) for x in ("a1", "a2", "a3"))
    plan = [
        ("mint", 150, [(a1, 7000), (a2, 3000)]),
        ("claim", a1, 400),
        ("mint", 230, [(a2, 10000)]),
        ("claim", a2, 900),
        ("mint", 101, [(a1, 3334), (a3, 3333), (a2, 3333)]),
        ("claim", a1, 2500),
        ("claim", a3, 3000),
    ]
    steps = []
    base_root, parent = keccak(b"base"), keccak(b"model v1")
    clock = genesis_time
    for k, step in enumerate(plan):
        clock += 50 if step[0] == "mint" else step[2]
        t.time_travel(clock)
        if step[0] == "mint":
            training_root = keccak(b"training %d" % k)
            msg = st.message(contribution_root=keccak(b"contribution %d" % k), accepted_root=keccak(b"accepted %d" % k),
                             training_root=training_root, contributors=step[2], delta_one_bps=step[1], shared_model=True,
                             base_root=base_root, parent_model_hash=parent)
            td = st.typed(msg, chain.chain_id, chain.address)
            sig = st.sign(td, attester_key)
            value = ec.to_abi_value(verifier.att_param, msg, "message", [])
            done = send(token, token_addr, "mint", [value, [sig]])
            steps.append({"kind": "mint", "time": done["time"], "nonce": msg["nonce"], "deltaBps": step[1],
                          "contributors": [[a, w] for a, w in step[2]], "baselineModelHash": msg["lineage"]["parentModelHash"],
                          "candidateModelHash": msg["lineage"]["modelHash"], "digest": ec.hx(ec.eip712_digest(td))})
            base_root, parent = training_root, keccak(b"model " + training_root)
        else:
            done = send(token, token_addr, "claim", [step[1]])
            steps.append({"kind": "claim", "time": done["time"], "account": step[1]})
    accounts = [owner, a1, a2, a3]
    print(json.dumps({
        "terms": TERMS, "owner": owner, "genesisTime": genesis_time, "steps": steps,
        "balances": {a: str(view(token, token_addr, "balanceOf", [a])) for a in accounts},
        "totalSupply": str(view(token, token_addr, "totalSupply", [])),
        "budgetRemaining": str(view(token, token_addr, "budgetRemaining", [])),
        "lifetimeMinted": str(view(token, token_addr, "lifetimeMinted", [])),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
