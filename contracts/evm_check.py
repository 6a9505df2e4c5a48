#!/usr/bin/env python3
"""Compile contracts/DeltaOneVerifier.vy and run it in an in-process EVM.

Everything is offline: Vyper compiles locally, and the chain is eth-tester's
py-evm backend in this process.  See contracts/README.md.

    python3 contracts/evm_check.py compile
    python3 contracts/evm_check.py run --print-domain
    python3 contracts/evm_check.py run --attestation A.json --signers 0xA,0xB --threshold 2
        [--proof P.json ...] [--calldata FILE ...] [--strict]
    python3 contracts/evm_check.py selftest
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

try:
    import eth_abi
    import eth_abi.exceptions
    import vyper
    from eth_account import Account
    from eth_account.messages import encode_typed_data
    from eth_tester import EthereumTester, PyEVMBackend
    from eth_tester.exceptions import TransactionFailed
    from eth_utils import is_checksum_address, keccak, to_checksum_address
except ImportError as exc:  # pragma: no cover - environment problem, not a bug
    sys.stderr.write(
        f"evm_check.py: missing Python package ({exc.name}).\n"
        "Install: python3 -m pip install -r contracts/requirements.txt\n"
    )
    sys.exit(3)

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "DeltaOneVerifier.vy"
# Compiler output is cached by source hash and compiler version.  .build/ is
# already in the repository's .gitignore (it matches any directory of that name).
CACHE_DIR = HERE / ".build"

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
GAS = 10_000_000

# The EIP-712 types of docs/attestation.md, in the standard eth_signTypedData_v4
# shape.  The selftest signs with these; `run` compares an attestation's types
# with them, since any difference changes the digest the contract computes.
DOMAIN_TYPE = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
TYPES = {
    "DeltaOne": [
        {"name": "model", "type": "Model"},
        {"name": "data", "type": "Datasets"},
        {"name": "lineage", "type": "Lineage"},
        {"name": "evaluation", "type": "Evaluation"},
        {"name": "result", "type": "Result"},
        {"name": "contributors", "type": "Contributor[]"},
        {"name": "reward", "type": "Reward"},
        {"name": "evaluationTime", "type": "uint64"},
        {"name": "nonce", "type": "bytes32"},
    ],
    "Contributor": [
        {"name": "account", "type": "address"},
        {"name": "weightBps", "type": "uint16"},
        {"name": "tokens", "type": "uint256"},
    ],
    "Datasets": [
        {"name": "baseRoot", "type": "bytes32"},
        {"name": "baseRecords", "type": "uint64"},
        {"name": "benchmarkRoot", "type": "bytes32"},
        {"name": "benchmarkRecords", "type": "uint64"},
        {"name": "contributionRoot", "type": "bytes32"},
        {"name": "contributionRecords", "type": "uint64"},
        {"name": "acceptedRoot", "type": "bytes32"},
        {"name": "acceptedRecords", "type": "uint64"},
        {"name": "trainingRoot", "type": "bytes32"},
    ],
    "Lineage": [
        {"name": "parentVersion", "type": "uint64"},
        {"name": "parentModelHash", "type": "bytes32"},
        {"name": "modelHash", "type": "bytes32"},
    ],
    "Evaluation": [
        {"name": "trainerHash", "type": "bytes32"},
        {"name": "trainerSeed", "type": "uint64"},
        {"name": "bootstrapSeed", "type": "uint64"},
        {"name": "bootstrapResamples", "type": "uint32"},
        {"name": "method", "type": "string"},
        {"name": "meritVersion", "type": "string"},
    ],
    "Model": [
        {"name": "modelId", "type": "bytes32"},
        {"name": "ticker", "type": "string"},
        {"name": "specHash", "type": "bytes32"},
        {"name": "metric", "type": "string"},
        {"name": "maximize", "type": "bool"},
    ],
    "Result": [
        {"name": "baseline", "type": "int256"},
        {"name": "improved", "type": "int256"},
        {"name": "delta", "type": "int256"},
        {"name": "lower95", "type": "int256"},
        {"name": "upper95", "type": "int256"},
        {"name": "lowerOneSided95", "type": "int256"},
        {"name": "benchmarkSize", "type": "uint64"},
        {"name": "deltaOneBps", "type": "uint32"},
    ],
    "Reward": [
        {"name": "minted", "type": "uint256"},
        {"name": "contributors", "type": "uint256"},
        {"name": "owner", "type": "uint256"},
    ],
}


class UsageError(Exception):
    """Bad input file or argument: reported, never a traceback."""


# --------------------------------------------------------------------------- helpers


def hx(b: bytes) -> str:
    return "0x" + bytes(b).hex()


def unhex(s: str, what: str, length: int | None = None) -> bytes:
    if not isinstance(s, str) or not re.fullmatch(r"0x([0-9a-fA-F]{2})*", s.strip()):
        raise UsageError(f"{what}: expected 0x-hex, got {s!r}")
    b = bytes.fromhex(s.strip()[2:])
    if length is not None and len(b) != length:
        raise UsageError(f"{what}: expected {length} bytes, got {len(b)}")
    return b


def as_bytes(x) -> bytes:
    """eth-tester returns call output as 0x-hex text."""
    return bytes.fromhex(x[2:]) if isinstance(x, str) else bytes(x)


def load_json(path: str):
    try:
        with open(path, "rb") as f:
            return json.load(f)
    except (OSError, ValueError) as exc:
        raise UsageError(f"{path}: {exc}") from exc


def abi_type(param: dict) -> str:
    """Canonical ABI type of one ABI-JSON parameter: structs become tuples."""
    t = param["type"]
    if t.startswith("tuple"):
        return "(" + ",".join(abi_type(c) for c in param["components"]) + ")" + t[len("tuple"):]
    return t


def canonical_signature(fn: dict) -> str:
    return f"{fn['name']}(" + ",".join(abi_type(p) for p in fn["inputs"]) + ")"


def selector(signature: str) -> bytes:
    return keccak(text=signature)[:4]


def decode_revert(exc: Exception) -> str:
    """eth-tester reports a revert either as the decoded string or as raw data."""
    if not exc.args:
        return "revert (no data)"
    arg = exc.args[0]
    if isinstance(arg, str):
        # eth-tester decodes Error(string) itself; any other revert arrives as
        # str() of py-evm's Revert, i.e. the repr of its raw bytes.
        if re.fullmatch(r"b(['\"]).*\1", arg, re.S):
            arg = ast.literal_eval(arg)
        else:
            return arg or "revert (no reason)"
    data = getattr(arg, "args", [arg])[0] if not isinstance(arg, (bytes, bytearray)) else arg
    if isinstance(data, str):
        return data
    data = bytes(data or b"")
    if data[:4] == bytes.fromhex("08c379a0"):
        return eth_abi.decode(["string"], data[4:])[0]
    if data[:4] == bytes.fromhex("4e487b71"):
        return f"panic 0x{eth_abi.decode(['uint256'], data[4:])[0]:02x}"
    if not data:
        # Vyper reverts without data when ABI decoding fails, e.g. a string
        # longer than its bound or more array elements than the DynArray holds.
        return "revert without reason (malformed calldata or a bound exceeded)"
    return "revert data " + hx(data)


# --------------------------------------------------------------------------- compile


def compile_contract() -> dict:
    """Compile (or load from cache) and return abi, bytecode, selectors."""
    src = SOURCE.read_text()
    key = hashlib.sha256((vyper.__version__ + "\0" + src).encode()).hexdigest()[:16]
    cache = CACHE_DIR / f"DeltaOneVerifier-{key}.json"
    if cache.exists():
        out = json.loads(cache.read_text())
        out["cached"] = True
        return out
    from vyper import compile_code

    res = compile_code(src, contract_path=str(SOURCE), output_formats=["abi", "bytecode", "method_identifiers"])
    out = {
        "vyper": vyper.__version__,
        "abi": res["abi"],
        "bytecode": res["bytecode"],
        "method_identifiers": res["method_identifiers"],
    }
    try:
        CACHE_DIR.mkdir(exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.write_text(json.dumps(out))
        tmp.replace(cache)
    except OSError:
        pass  # a read-only checkout still works, just slower
    out["cached"] = False
    return out


class Contract:
    """ABI helpers for the compiled verifier."""

    def __init__(self, compiled: dict):
        self.compiled = compiled
        self.abi = compiled["abi"]
        self.fns = {e["name"]: e for e in self.abi if e.get("type") == "function"}
        self.ctor = next(e for e in self.abi if e.get("type") == "constructor")

    def sig(self, name: str) -> str:
        return canonical_signature(self.fns[name])

    def types(self, name: str) -> list[str]:
        return [abi_type(p) for p in self.fns[name]["inputs"]]

    def encode_call(self, name: str, args: list) -> bytes:
        return selector(self.sig(name)) + eth_abi.encode(self.types(name), args)

    def decode_out(self, name: str, data: bytes):
        out = eth_abi.decode([abi_type(p) for p in self.fns[name]["outputs"]], data)
        return out[0] if len(out) == 1 else out

    @property
    def att_param(self) -> dict:
        return self.fns["submit"]["inputs"][0]


# --------------------------------------------------------------------------- chain


class Chain:
    """A fresh eth-tester chain with the verifier deployed as its first transaction.

    The deployer is eth-tester's first default account (private key 1) at nonce
    0, so the contract address never depends on the constructor arguments or on
    anything but eth-tester's fixed default keys.
    """

    def __init__(self, contract: Contract):
        self.c = contract
        self.t = EthereumTester(PyEVMBackend())
        self.deployer = self.t.get_accounts()[0]
        self.chain_id = int(self.t.backend.chain.chain_id)
        self.address: str | None = None

    def deploy_data(self, signers: list[str], threshold: int) -> str:
        args = eth_abi.encode([abi_type(p) for p in self.c.ctor["inputs"]], [signers, threshold])
        return self.c.compiled["bytecode"] + args.hex()

    def try_deploy(self, signers: list[str], threshold: int) -> str | None:
        """Return the revert reason if the constructor would reject, without spending a nonce."""
        try:
            self.t.call({"from": self.deployer, "data": self.deploy_data(signers, threshold), "gas": GAS})
            return None
        except TransactionFailed as exc:
            return decode_revert(exc)

    def deploy(self, signers: list[str], threshold: int) -> str:
        reason = self.try_deploy(signers, threshold)
        if reason is not None:
            raise UsageError(f"constructor reverted: {reason}")
        h = self.t.send_transaction({"from": self.deployer, "data": self.deploy_data(signers, threshold), "gas": GAS})
        r = self.t.get_transaction_receipt(h)
        if r["status"] != 1:
            raise UsageError("deployment failed")
        self.address = r["contract_address"]
        return self.address

    def view(self, name: str, args: list):
        data = self.c.encode_call(name, args)
        out = self.t.call({"from": self.deployer, "to": self.address, "data": hx(data), "gas": GAS})
        return self.c.decode_out(name, as_bytes(out))

    def send(self, data: bytes) -> dict:
        """Send calldata.  eth_call first, on the same state, to learn the revert
        reason: eth-tester mines a failing transaction with status 0 and no reason."""
        tx = {"from": self.deployer, "to": self.address, "data": hx(data), "gas": GAS}
        t0 = time.perf_counter()
        try:
            ret = as_bytes(self.t.call(tx))
        except TransactionFailed as exc:
            return {"accepted": False, "revert": decode_revert(exc), "ms": round((time.perf_counter() - t0) * 1000, 1)}
        h = self.t.send_transaction(tx)
        r = self.t.get_transaction_receipt(h)
        ms = round((time.perf_counter() - t0) * 1000, 1)
        if r["status"] != 1:
            return {"accepted": False, "revert": "transaction failed after a successful call", "ms": ms}
        out = {"accepted": True, "gasUsed": r["gas_used"], "ms": ms}
        if data[:4] == selector(self.c.sig("submit")) and len(ret) == 32:
            out["digest"] = hx(ret)
        out["events"] = len(r.get("logs", []))
        return out


# --------------------------------------------------------------------------- attestation → ABI values


def _is_decimal_string(v) -> bool:
    return isinstance(v, str) and re.fullmatch(r"-?(0|[1-9][0-9]*)", v) is not None


def to_abi_value(param: dict, value, path: str, issues: list[str]):
    """Convert a typed-data JSON value to what eth-abi encodes for `param`.

    Lenient where eth_signTypedData_v4 is lenient (integers as numbers or hex
    strings are accepted) but every deviation from docs/attestation.md's file
    format is recorded in `issues`, so the Swift output can be checked too.
    """
    t = param["type"]
    if t == "tuple[]":
        if not isinstance(value, list):
            raise UsageError(f"{path}: expected an array")
        elem = dict(param, type="tuple")
        return [to_abi_value(elem, v, f"{path}[{i}]", issues) for i, v in enumerate(value)]
    if t == "tuple":
        if not isinstance(value, dict):
            raise UsageError(f"{path}: expected an object")
        names = [c["name"] for c in param["components"]]
        extra = sorted(set(value) - set(names))
        if extra:
            issues.append(f"{path}: unexpected fields {extra}")
        missing = [n for n in names if n not in value]
        if missing:
            raise UsageError(f"{path}: missing fields {missing}")
        return tuple(to_abi_value(c, value[c["name"]], f"{path}.{c['name']}", issues) for c in param["components"])
    if t.startswith(("uint", "int")):
        if isinstance(value, bool):
            raise UsageError(f"{path}: expected an integer, got a boolean")
        if _is_decimal_string(value):
            return int(value)
        issues.append(f"{path}: integer is not a decimal string ({value!r})")
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"-?0x[0-9a-fA-F]+", value):
            return int(value, 16)
        raise UsageError(f"{path}: not an integer: {value!r}")
    if t == "bytes32":
        if isinstance(value, str) and value != value.lower():
            issues.append(f"{path}: bytes32 hex is not lower-case")
        return unhex(value, path, 32)
    if t == "address":
        if not isinstance(value, str) or not re.fullmatch(r"0x[0-9a-fA-F]{40}", value):
            raise UsageError(f"{path}: not an address: {value!r}")
        if not is_checksum_address(value):
            issues.append(f"{path}: address is not EIP-55 checksummed ({value})")
        return to_checksum_address(value)
    if t == "bool":
        if not isinstance(value, bool):
            issues.append(f"{path}: boolean is not a JSON boolean ({value!r})")
            if value in ("true", "false"):
                return value == "true"
            raise UsageError(f"{path}: not a boolean: {value!r}")
        return value
    if t == "string":
        if not isinstance(value, str):
            raise UsageError(f"{path}: expected a string")
        return value
    raise UsageError(f"{path}: unsupported ABI type {t}")


def eip712_digest(typed_data: dict) -> bytes:
    s = encode_typed_data(full_message=typed_data)
    return keccak(b"\x19" + s.version + s.header + s.body)


def check_typed_data(td: dict, chain: Chain, issues: list[str]) -> None:
    types = td.get("types", {})
    if td.get("primaryType") != "DeltaOne":
        issues.append(f"primaryType is {td.get('primaryType')!r}, not 'DeltaOne'")
    for name, fields in TYPES.items():
        if types.get(name) != fields:
            issues.append(f"types.{name} differs from docs/attestation.md")
    extra = sorted(set(types) - set(TYPES) - {"EIP712Domain"})
    if extra:
        issues.append(f"types has extra entries {extra}")
    dom = td.get("domain", {})
    if types.get("EIP712Domain") != DOMAIN_TYPE:
        issues.append(
            "types.EIP712Domain is not (name,version,chainId,verifyingContract); "
            "the contract always hashes all four fields"
        )
    if dom.get("name") != "Merit" or dom.get("version") != "2":
        issues.append(f"domain name/version are {dom.get('name')!r}/{dom.get('version')!r}, not 'Merit'/'2'")
    if str(dom.get("chainId")) != str(chain.chain_id):
        issues.append(f"domain.chainId {dom.get('chainId')!r} is not this chain's {chain.chain_id}")
    vc = dom.get("verifyingContract")
    if not isinstance(vc, str) or vc.lower() != (chain.address or "").lower():
        issues.append(f"domain.verifyingContract {vc!r} is not the deployed {chain.address}")


def submit_attestation(chain: Chain, att: dict, source: str) -> dict:
    """Build submit(att, signatures) from an attestation.json object and send it."""
    rep: dict = {"source": source, "kind": "attestation"}
    issues: list[str] = []
    try:
        if att.get("format") != "merit-attestation-v1":
            issues.append(f"format is {att.get('format')!r}, not 'merit-attestation-v1'")
        td = att.get("typedData")
        if not isinstance(td, dict) or not isinstance(td.get("message"), dict):
            raise UsageError("typedData.message missing")
        msg = td["message"]
        rep["nonce"] = msg.get("nonce")
        check_typed_data(td, chain, issues)
        value = to_abi_value(chain.c.att_param, msg, "message", issues)
        sigs_json = att.get("signatures")
        if not isinstance(sigs_json, list):
            raise UsageError("signatures: expected an array")
        sigs = []
        for i, s in enumerate(sigs_json):
            raw = s.get("signature") if isinstance(s, dict) else s
            sigs.append(unhex(raw, f"signatures[{i}].signature"))
        try:
            calldata = chain.c.encode_call("submit", [value, sigs])
        except eth_abi.exceptions.EncodingError as exc:
            # e.g. weightBps 70000 does not fit uint16: no calldata can carry it.
            raise UsageError(f"message does not ABI-encode: {exc}") from exc
        claimed = [s.get("signer") for s in sigs_json if isinstance(s, dict)]
        if claimed != sorted(claimed, key=lambda a: str(a).lower()):
            issues.append("signatures are not sorted by signer address")
    except UsageError as exc:
        rep.update(accepted=False, error=str(exc), formatIssues=issues)
        return rep

    # Independent digests: the file's, eth-account's over the file's typed data,
    # and the contract's over the decoded struct.  If they differ, the report
    # says which side disagrees before any signature is looked at.
    try:
        rep["digestLocal"] = hx(eip712_digest(td))
    except Exception as exc:  # eth-account's own complaint about the typed data
        issues.append(f"eth-account cannot encode typedData: {exc}")
    rep["digestFile"] = att.get("digest")
    try:
        rep["digestContract"] = hx(chain.view("digest", [value]))
    except TransactionFailed as exc:
        rep["digestContract"] = None
        issues.append(f"digest() reverted: {decode_revert(exc)}")
    if rep.get("digestLocal") and rep["digestFile"] and rep["digestFile"].lower() != rep["digestLocal"]:
        issues.append("file digest differs from eth-account's digest of typedData")

    rep.update(chain.send(calldata))
    rep["formatIssues"] = issues
    return rep


def submit_calldata(chain: Chain, hexdata: str, source: str) -> dict:
    rep: dict = {"source": source, "kind": "calldata", "formatIssues": []}
    try:
        data = unhex(re.sub(r"\s+", "", hexdata) if hexdata.strip().startswith("0x") else "0x" + re.sub(r"\s+", "", hexdata), source)
    except UsageError as exc:
        rep.update(accepted=False, error=str(exc))
        return rep
    sel = selector(chain.c.sig("submit"))
    rep["selector"] = hx(data[:4])
    if data[:4] != sel:
        rep["formatIssues"].append(f"selector {hx(data[:4])} is not submit's {hx(sel)}")
    else:
        # Decode with eth-abi as a second opinion: a strict decoder that rejects
        # what the contract might also reject, and lets us show the digest.
        try:
            att, sigs = eth_abi.decode(chain.c.types("submit"), data[4:])
            rep["nonce"] = hx(att[-1])
            rep["signatures"] = len(sigs)
            rep["digestContract"] = hx(chain.view("digest", [att]))
            if eth_abi.encode(chain.c.types("submit"), [att, sigs]) != data[4:]:
                rep["formatIssues"].append("calldata is not eth-abi's canonical encoding of what it decodes to")
        except Exception as exc:
            rep["formatIssues"].append(f"eth-abi cannot decode the calldata as submit: {exc}")
    rep.update(chain.send(data))
    return rep


def check_proof(chain: Chain, proof: dict, source: str) -> dict:
    rep: dict = {"source": source}
    try:
        root = unhex(proof.get("root"), "root", 32)
        path = [unhex(p, f"proof[{i}]", 32) for i, p in enumerate(proof.get("proof", []))]
        if "leaf" in proof:
            leaf = unhex(proof["leaf"], "leaf", 32)
        elif "recordHash" in proof:
            rh = unhex(proof["recordHash"], "recordHash", 32)
            leaf = chain.view("leafOf", [rh])
            if leaf != oz_leaf(rh):
                rep["error"] = "leafOf disagrees with keccak(keccak(recordHash))"
            rep["recordHash"] = hx(rh)
        else:
            raise UsageError("needs 'leaf' or 'recordHash'")
    except UsageError as exc:
        rep.update(included=False, error=str(exc))
        return rep
    rep.update(root=hx(root), leaf=hx(leaf), proofLength=len(path))
    rep["rootKnown"] = bool(chain.view("knownRoot", [root]))
    try:
        if "recordHash" in rep:
            # verifyRecord derives the leaf on chain, so an inner node can't pose as a record.
            rep["included"] = bool(chain.view("verifyRecord", [root, path, unhex(rep["recordHash"], "recordHash", 32)]))
        else:
            rep["included"] = bool(chain.view("verifyInclusion", [root, path, leaf]))
    except TransactionFailed as exc:
        rep.update(included=False, revert=decode_revert(exc))
    return rep


# --------------------------------------------------------------------------- Merkle (OpenZeppelin hashing)


def oz_leaf(record_hash: bytes) -> bytes:
    return keccak(keccak(eth_abi.encode(["bytes32"], [record_hash])))


def oz_node(a: bytes, b: bytes) -> bytes:
    return keccak(a + b) if a < b else keccak(b + a)


def oz_fold(leaf: bytes, proof: list[bytes]) -> bytes:
    h = leaf
    for p in proof:
        h = oz_node(h, p)
    return h


def standard_tree(record_hashes: list[bytes]) -> tuple[bytes, dict[bytes, list[bytes]]]:
    """OpenZeppelin StandardMerkleTree layout: sorted leaves in a heap array."""
    leaves = sorted(oz_leaf(r) for r in record_hashes)
    n = len(leaves)
    tree = [b""] * (2 * n - 1)
    for i, lf in enumerate(leaves):
        tree[2 * n - 2 - i] = lf
    for i in range(n - 2, -1, -1):
        tree[i] = oz_node(tree[2 * i + 1], tree[2 * i + 2])
    proofs = {}
    for i, lf in enumerate(leaves):
        j, path = 2 * n - 2 - i, []
        while j > 0:
            path.append(tree[j + 1] if j % 2 == 1 else tree[j - 1])
            j = (j - 1) // 2
        proofs[lf] = path
    return tree[0], proofs


def rfc6962_tree(leaves: list[bytes]) -> tuple[bytes, list[list[bytes]]]:
    """Merit's record-order tree (docs/fingerprint.md): RFC 6962 shape, OZ hashing."""

    def mth(d):
        if len(d) == 1:
            return d[0]
        k = 1 << ((len(d) - 1).bit_length() - 1)
        return oz_node(mth(d[:k]), mth(d[k:]))

    def path(m, d):
        if len(d) == 1:
            return []
        k = 1 << ((len(d) - 1).bit_length() - 1)
        return path(m, d[:k]) + [mth(d[k:])] if m < k else path(m - k, d[k:]) + [mth(d[:k])]

    return mth(leaves), [path(m, leaves) for m in range(len(leaves))]


# --------------------------------------------------------------------------- commands


def cmd_compile(_args) -> int:
    t0 = time.perf_counter()
    comp = compile_contract()
    c = Contract(comp)
    sig = c.sig("submit")
    out = {
        "vyper": comp["vyper"],
        "cached": comp["cached"],
        "seconds": round(time.perf_counter() - t0, 3),
        "submit": {"signature": sig, "selector": hx(selector(sig))},
        "functions": {canonical_signature(f): hx(selector(canonical_signature(f))) for f in c.fns.values()},
        "bytecodeBytes": len(comp["bytecode"]) // 2 - 1,
    }
    # Vyper's own selector table must agree with ours; a mismatch would mean
    # the canonical-signature builder above is wrong.
    assert comp["method_identifiers"][sig] == out["submit"]["selector"], "selector mismatch with vyper"
    print(json.dumps(out, indent=2))
    return 0


def parse_signers(text: str) -> list[str]:
    out = []
    for a in [s.strip() for s in text.split(",") if s.strip()]:
        if not re.fullmatch(r"0x[0-9a-fA-F]{40}", a):
            raise UsageError(f"--signers: not an address: {a}")
        out.append(to_checksum_address(a))
    return out


def cmd_print_domain() -> int:
    c = Contract(compile_contract())
    chain = Chain(c)
    # Any valid constructor arguments do: the address only depends on the
    # deployer and its nonce.
    chain.deploy([chain.t.get_accounts()[1]], 1)
    print(json.dumps({"chainId": chain.chain_id, "verifyingContract": chain.address}))
    return 0


def cmd_run(args) -> int:
    if args.print_domain:
        return cmd_print_domain()
    if not args.signers or args.threshold is None:
        raise UsageError("run needs --signers and --threshold (or --print-domain)")
    if not (args.attestation or args.calldata or args.proof):
        raise UsageError("run needs at least one --attestation, --calldata or --proof")
    c = Contract(compile_contract())
    chain = Chain(c)
    signers = parse_signers(args.signers)
    chain.deploy(signers, args.threshold)
    report: dict = {
        "chainId": chain.chain_id,
        "verifyingContract": chain.address,
        "signers": signers,
        "threshold": args.threshold,
        "submissions": [],
        "proofs": [],
    }
    # Order: attestations, then calldata, then proofs (which need the roots of
    # what was accepted).  All share one chain, so the same nonce sent twice is
    # a replay the second time.
    for path in args.attestation or []:
        try:
            att = load_json(path)
        except UsageError as exc:
            report["submissions"].append({"source": path, "kind": "attestation", "accepted": False, "error": str(exc)})
            continue
        report["submissions"].append(submit_attestation(chain, att, path))
    for path in args.calldata or []:
        try:
            text = Path(path).read_text()
        except OSError as exc:
            report["submissions"].append({"source": path, "kind": "calldata", "accepted": False, "error": str(exc)})
            continue
        report["submissions"].append(submit_calldata(chain, text, path))
    for path in args.proof or []:
        try:
            pj = load_json(path)
        except UsageError as exc:
            report["proofs"].append({"source": path, "included": False, "error": str(exc)})
            continue
        report["proofs"].append(check_proof(chain, pj, path))
    print(json.dumps(report, indent=2))
    if args.strict:
        ok = all(s.get("accepted") for s in report["submissions"]) and all(p.get("included") for p in report["proofs"])
        return 0 if ok else 1
    return 0


# --------------------------------------------------------------------------- selftest


class SelfTest:
    def __init__(self):
        self.rng = random.Random(0x4D65726974)  # "Merit"
        self.failures = 0
        self.rows: list[tuple] = []

    def rand32(self) -> bytes:
        return self.rng.getrandbits(256).to_bytes(32, "big")

    def key(self) -> bytes:
        while True:
            d = self.rng.getrandbits(256)
            if 1 <= d < SECP256K1_N:
                return d.to_bytes(32, "big")

    def check(self, name: str, ok: bool, detail: str = "", ms: float | None = None):
        self.rows.append((name, ok, detail, ms))
        if not ok:
            self.failures += 1
        t = f"{ms:8.1f} ms" if ms is not None else " " * 11
        print(f"{'ok  ' if ok else 'FAIL'} {t}  {name}" + (f"  [{detail}]" if detail else ""), flush=True)

    def message(self, *, contribution_root: bytes, accepted_root: bytes, training_root: bytes,
                contributors: list[tuple[str, int]], delta_one_bps: int = 150, merit_version: str = "0.1.0",
                nonce: bytes | None = None, shared_model: bool = False, base_root: bytes | None = None,
                parent_model_hash: bytes | None = None) -> dict:
        """A DeltaOne message built as docs/attestation.md defines, every integer a decimal string.

        Each message is for a model of its own (the contract keeps a head per model), unless
        `shared_model`: then all such messages are for one model, to exercise the head."""
        ticker = "CRDT"
        model_id = keccak(("merit:model:" + ticker).encode() + (b"" if shared_model else contribution_root))
        spec_hash = keccak(b"selftest spec")
        base_root, bench_root = base_root or keccak(b"base"), keccak(b"benchmark")
        parent_model_hash = parent_model_hash or keccak(b"model v1")
        trainer_hash = keccak(b"xgboost 2.1.4 depth=6 eta=0.3 rounds=100 threads=1")
        trainer_seed = 42
        if nonce is None:
            nonce = keccak(eth_abi.encode(
                ["bytes32"] * 7 + ["uint64"],
                [keccak(b"merit.delta-one.nonce.v1"), model_id, spec_hash, base_root, bench_root,
                 contribution_root, trainer_hash, trainer_seed],
            ))
        minted = 1000 * 10**18 * delta_one_bps // 100
        to_contributors = minted * 8000 // 10000
        tokens = [to_contributors * w // 10000 for _, w in contributors]
        if tokens:
            tokens[0] += to_contributors - sum(tokens)
        baseline, improved = 812300000000000000, 845600000000000000
        return {
            "model": {"modelId": hx(model_id), "ticker": ticker, "specHash": hx(spec_hash), "metric": "auroc", "maximize": True},
            "data": {
                "baseRoot": hx(base_root), "baseRecords": "1000",
                "benchmarkRoot": hx(bench_root), "benchmarkRecords": "500",
                "contributionRoot": hx(contribution_root), "contributionRecords": "8",
                "acceptedRoot": hx(accepted_root), "acceptedRecords": "5",
                "trainingRoot": hx(training_root),
            },
            "lineage": {"parentVersion": "1", "parentModelHash": hx(parent_model_hash), "modelHash": hx(keccak(b"model " + training_root))},
            "evaluation": {
                "trainerHash": hx(trainer_hash), "trainerSeed": str(trainer_seed), "bootstrapSeed": "7",
                "bootstrapResamples": "2000", "method": "paired-bootstrap-percentile", "meritVersion": merit_version,
            },
            "result": {
                "baseline": str(baseline), "improved": str(improved), "delta": str(improved - baseline),
                # negative bound: exercises int256 sign extension in both encoders
                "lower95": "-1200000000000000", "upper95": "61000000000000000",
                "lowerOneSided95": "15000000000000000", "benchmarkSize": "500", "deltaOneBps": str(delta_one_bps),
            },
            "contributors": [
                {"account": a, "weightBps": str(w), "tokens": str(t)} for (a, w), t in zip(contributors, tokens)
            ],
            "reward": {"minted": str(minted), "contributors": str(to_contributors), "owner": str(minted - to_contributors)},
            "evaluationTime": "1767225600",
            "nonce": hx(nonce),
        }

    def typed(self, message: dict, chain_id: int, contract: str) -> dict:
        return {
            "types": {"EIP712Domain": DOMAIN_TYPE, **TYPES},
            "primaryType": "DeltaOne",
            "domain": {"name": "Merit", "version": "2", "chainId": chain_id, "verifyingContract": contract},
            "message": message,
        }

    @staticmethod
    def sign(td: dict, key: bytes) -> bytes:
        return bytes(Account.sign_message(encode_typed_data(full_message=td), private_key=key).signature)

    def attestation(self, td: dict, keys: list[bytes], sigs: list[bytes] | None = None) -> dict:
        if sigs is None:
            sigs = [self.sign(td, k) for k in keys]
        entries = [{"signer": Account.from_key(k).address, "signature": hx(s)} for k, s in zip(keys, sigs)]
        entries.sort(key=lambda e: e["signer"].lower())
        return {
            "format": "merit-attestation-v1",
            "typedData": td,
            "digest": hx(eip712_digest(td)),
            "signatures": entries,
            "inputs": {"spec": "model.yaml", "base": "base.csv", "benchmark": "benchmark.csv", "contribution": "contribution.csv"},
            "report": hx(keccak(b"report")),
        }

    def run(self) -> int:
        t_all = time.perf_counter()
        t0 = time.perf_counter()
        comp = compile_contract()
        c = Contract(comp)
        self.check(f"compile ({'cached' if comp['cached'] else 'vyper ' + comp['vyper']})", True,
                   f"submit selector {hx(selector(c.sig('submit')))}", (time.perf_counter() - t0) * 1000)

        keys = [self.key() for _ in range(4)]
        addrs = [Account.from_key(k).address for k in keys]
        attesters, outsider = addrs[:3], keys[3]

        # Constructor guards, each on its own throwaway chain so the main
        # deployment below stays the first transaction (deterministic address).
        probe = Chain(c)
        for name, signers, th, want in [
            ("ctor rejects threshold 0", attesters, 0, "threshold is zero"),
            ("ctor rejects threshold > n", attesters, 4, "threshold exceeds signers"),
            ("ctor rejects duplicate signer", [addrs[0], addrs[1], addrs[0]], 2, "duplicate signer"),
            ("ctor rejects zero signer", [addrs[0], "0x" + "00" * 20], 1, "zero signer"),
        ]:
            t0 = time.perf_counter()
            got = probe.try_deploy(signers, th)
            self.check(name, got == want, f"revert: {got}", (time.perf_counter() - t0) * 1000)

        t0 = time.perf_counter()
        chain = Chain(c)
        chain.deploy(attesters, 2)
        self.check("deploy 2-of-3", True, f"chainId {chain.chain_id}, contract {chain.address}",
                   (time.perf_counter() - t0) * 1000)
        self.check("deterministic address", chain.address == to_checksum_address(
            keccak(b"\xd6\x94" + bytes.fromhex(chain.deployer[2:]) + b"\x80")[12:]), chain.address)
        cid, addr = chain.chain_id, chain.address

        # eth-account and decimal-string integers: the file format's integers
        # are strings, so eth-account must give the same digest as with ints.
        records = [keccak(f"record {i}".encode()) for i in range(5)]
        std_root, std_proofs = standard_tree(records)
        rfc_leaves = [oz_leaf(r) for r in records]
        rfc_root, rfc_paths = rfc6962_tree(rfc_leaves)
        contributors = [(addrs[0], 6000), (to_checksum_address("0x" + self.rand32()[:20].hex()), 4000)]

        def msg(tag: str, **kw) -> dict:
            kw.setdefault("contribution_root", keccak(tag.encode()))
            kw.setdefault("accepted_root", std_root)
            kw.setdefault("training_root", rfc_root)
            kw.setdefault("contributors", contributors)
            return self.message(**kw)

        good_msg = msg("good")
        td_str = self.typed(good_msg, cid, addr)
        td_int = json.loads(json.dumps(td_str))

        def ints(m, fields):
            for f in fields:
                t = f["type"]
                v = m[f["name"]]
                if t in TYPES:
                    ints(v, TYPES[t])
                elif t.endswith("[]"):
                    for e in v:
                        ints(e, TYPES[t[:-2]])
                elif t.startswith(("uint", "int")):
                    m[f["name"]] = int(v)

        ints(td_int["message"], TYPES["DeltaOne"])
        d_str, d_int = eip712_digest(td_str), eip712_digest(td_int)
        self.check("eth-account accepts decimal-string integers (same digest as ints)", d_str == d_int, hx(d_str))

        # Merkle: roots are unknown until an attestation naming them is accepted.
        lf = oz_leaf(records[0])
        self.check("leafOf matches keccak(keccak(abi.encode(bytes32)))", chain.view("leafOf", [records[0]]) == lf)
        self.check("proof rejected before the root is attested",
                   chain.view("verifyInclusion", [std_root, std_proofs[lf], lf]) is False)

        def expect(name: str, att: dict, want: str | None):
            t0 = time.perf_counter()
            rep = submit_attestation(chain, att, name)
            ms = (time.perf_counter() - t0) * 1000
            if want is None:
                ok = rep.get("accepted") is True and rep.get("digest") == rep.get("digestLocal") == rep.get("digestContract")
                detail = f"digest {rep.get('digest')}, gas {rep.get('gasUsed')}" if ok else json.dumps(rep)
            else:
                ok = rep.get("accepted") is False and rep.get("revert") == want
                detail = f"revert: {rep.get('revert') or rep.get('error')}"
            if rep.get("formatIssues") and want is None:
                ok = False
                detail += f" issues: {rep['formatIssues']}"
            self.check(name, ok, detail, ms)
            return rep

        def sign_att(m: dict, ks: list[bytes], **td_kw) -> dict:
            td = self.typed(m, td_kw.get("chain_id", cid), td_kw.get("contract", addr))
            return self.attestation(td, ks)

        # digest() over an empty contributor array: EIP-712 says keccak256("").
        empty_td = self.typed(msg("empty", contributors=[]), cid, addr)
        issues: list[str] = []
        empty_val = to_abi_value(c.att_param, empty_td["message"], "message", issues)
        self.check("digest() with no contributors equals eth-account (empty array = keccak(''))",
                   chain.view("digest", [empty_val]) == eip712_digest(empty_td))

        # Rejections first, each on its own nonce so the intended check fires.
        m = msg("tampered")
        att = sign_att(m, keys[:2])
        att["typedData"]["message"]["result"]["deltaOneBps"] = "9999"
        expect("tampered field (result.deltaOneBps) rejected", att, "unknown signer")

        att = sign_att(msg("highs"), keys[:2])
        sig = bytes.fromhex(att["signatures"][0]["signature"][2:])
        r, s, v = sig[:32], int.from_bytes(sig[32:64], "big"), sig[64]
        twin = r + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])  # 27 <-> 28
        self.check("high-s twin recovers the same signer off chain",
                   Account._recover_hash(bytes.fromhex(att["digest"][2:]), vrs=(55 - v, int.from_bytes(r, "big"), SECP256K1_N - s))
                   == att["signatures"][0]["signer"])
        att["signatures"][0]["signature"] = hx(twin)
        expect("high-s signature rejected", att, "signature high s")

        expect("signer outside the set rejected", sign_att(msg("outsider"), [keys[0], outsider]), "unknown signer")
        expect("below threshold (1 of 2) rejected", sign_att(msg("below"), [keys[1]]), "below threshold")

        att = sign_att(msg("dup"), [keys[0]])
        att["signatures"].append(dict(att["signatures"][0]))
        expect("same signer twice rejected", att, "duplicate signer")

        for vv in (0, 1):
            att = sign_att(msg(f"v{vv}"), keys[:2])
            sig = bytearray(bytes.fromhex(att["signatures"][0]["signature"][2:]))
            sig[64] = vv  # a raw recovery id instead of 27/28
            att["signatures"][0]["signature"] = hx(sig)
            expect(f"v = {vv} rejected", att, "signature v")

        att = sign_att(msg("short"), keys[:2])
        att["signatures"][0]["signature"] = att["signatures"][0]["signature"][:-2]
        expect("64-byte signature rejected", att, "signature length")

        att = sign_att(msg("zero-r"), keys[:2])
        att["signatures"][0]["signature"] = hx(b"\x00" * 32 + (1).to_bytes(32, "big") + b"\x1b")
        expect("unrecoverable signature (r = 0) rejected", att, "signature invalid")

        expect("signed for another chain id rejected", sign_att(msg("chain1"), keys[:2], chain_id=1), "unknown signer")
        expect("signed for another verifyingContract rejected",
               sign_att(msg("othercontract"), keys[:2], contract=to_checksum_address("0x" + "11" * 20)), "unknown signer")

        bad_w = msg("weights", contributors=[(addrs[0], 6000), (addrs[1], 3000)])
        expect("weights summing to 9000 rejected", sign_att(bad_w, keys[:2]), "weights do not sum to 10000")
        bad_t = msg("tokens")
        bad_t["contributors"][0]["tokens"] = str(int(bad_t["contributors"][0]["tokens"]) + 1)
        expect("contributor tokens not summing to reward.contributors rejected", sign_att(bad_t, keys[:2]),
               "contributor tokens do not sum to reward.contributors")

        long_t = msg("longticker")
        long_t["evaluation"]["method"] = "x" * 65
        expect("method longer than 64 bytes rejected by the ABI decoder", sign_att(long_t, keys[:2]),
               "revert without reason (malformed calldata or a bound exceeded)")

        # The valid case, 2 of 3, with signatures sorted by address as in the file.
        good = self.attestation(td_str, [keys[2], keys[0]])
        rep = expect("valid 2-of-3 accepted", good, None)
        self.check("contract digest == eth-account digest == file digest",
                   rep.get("digestContract") == rep.get("digestLocal") == good["digest"].lower(), good["digest"])
        expect("replay of the same attestation rejected", good, "nonce used")
        resigned = msg("good", merit_version="0.1.1")  # same inputs → same nonce, different digest
        expect("re-signed message with a used nonce rejected", sign_att(resigned, keys[1:3]), "nonce used")

        # All three signatures also pass (more than the threshold).
        expect("3-of-3 on a fresh nonce accepted", sign_att(msg("three"), keys[:3]), None)

        # The head: one model, judged step by step.  The first paying attestation sets the head to its
        # candidate; one judged against the old baseline is stale; one built on the head moves it.
        r1, r2 = keccak(b"training v2"), keccak(b"training v3")
        first = msg("head-1", shared_model=True, training_root=r1)
        expect("first paying attestation for a model accepted (the head becomes its candidate)", sign_att(first, keys[:2]), None)
        stale = msg("head-2-stale", shared_model=True, training_root=r2)
        expect("attestation judged against an old baseline rejected", sign_att(stale, keys[:2]), "baseline is not the head")
        wrong_model = msg("head-2-model", shared_model=True, training_root=r2, base_root=r1, parent_model_hash=keccak(b"some other model"))
        expect("attestation on the head's data but another model rejected", sign_att(wrong_model, keys[:2]), "baseline is not the head")
        on_head = msg("head-2", shared_model=True, training_root=r2, base_root=r1, parent_model_hash=keccak(b"model " + r1))
        expect("attestation judged against the head accepted (and moves it)", sign_att(on_head, keys[:2]), None)
        self.check("the head is the last paying candidate", tuple(chain.view("head", [keccak(b"merit:model:CRDT")])) == (r2, keccak(b"model " + r2)))

        # The same path the Swift CLI takes: raw calldata for submit().
        cd_msg = msg("calldata")
        cd_att = sign_att(cd_msg, keys[:2])
        val = to_abi_value(c.att_param, cd_att["typedData"]["message"], "message", [])
        calldata = c.encode_call("submit", [val, [bytes.fromhex(s["signature"][2:]) for s in cd_att["signatures"]]])
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / "calldata.hex"
            p.write_text(hx(calldata) + "\n")
            t0 = time.perf_counter()
            rep = submit_calldata(chain, p.read_text(), str(p))
            self.check("raw calldata submission accepted", rep.get("accepted") is True and not rep.get("formatIssues"),
                       f"digest {rep.get('digest')}", (time.perf_counter() - t0) * 1000)

            # And the file path of `run`: attestation.json written and read back.
            f = Path(tmp) / "attestation.json"
            f.write_text(json.dumps(sign_att(msg("file"), keys[1:3]), indent=2))
            t0 = time.perf_counter()
            rep = submit_attestation(chain, load_json(str(f)), str(f))
            self.check("attestation.json round trip accepted", rep.get("accepted") is True and not rep["formatIssues"],
                       "", (time.perf_counter() - t0) * 1000)

        # Merkle proofs against the accepted roots.
        t0 = time.perf_counter()
        ok_std = all(chain.view("verifyInclusion", [std_root, std_proofs[oz_leaf(r)], oz_leaf(r)]) for r in records)
        self.check("good proofs accepted (StandardMerkleTree shape, acceptedRoot)", ok_std, f"{len(records)} leaves",
                   (time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        ok_rfc = all(chain.view("verifyInclusion", [rfc_root, rfc_paths[i], rfc_leaves[i]]) for i in range(len(records)))
        self.check("good proofs accepted (RFC 6962 record-order shape, trainingRoot)", ok_rfc, f"{len(records)} leaves",
                   (time.perf_counter() - t0) * 1000)
        self.check("python fold agrees", all(oz_fold(rfc_leaves[i], rfc_paths[i]) == rfc_root for i in range(5)))
        bad = list(std_proofs[lf])
        bad[0] = bytes([bad[0][0] ^ 1]) + bad[0][1:]
        self.check("bad proof (flipped bit) rejected", chain.view("verifyInclusion", [std_root, bad, lf]) is False)
        self.check("wrong leaf rejected",
                   chain.view("verifyInclusion", [std_root, std_proofs[lf], oz_leaf(keccak(b"not a record"))]) is False)
        self.check("record hash instead of leaf rejected",
                   chain.view("verifyInclusion", [std_root, std_proofs[lf], records[0]]) is False)
        other_root, other_proofs = standard_tree([keccak(b"x"), keccak(b"y")])
        olf = oz_leaf(keccak(b"x"))
        self.check("valid proof to an unattested root rejected",
                   chain.view("verifyInclusion", [other_root, other_proofs[olf], olf]) is False)
        self.check("zero root never known", chain.view("knownRoot", [b"\x00" * 32]) is False)
        self.check("verifyRecord(recordHash) accepts a good proof",
                   chain.view("verifyRecord", [std_root, std_proofs[lf], records[0]]) is True)
        # OpenZeppelin semantics: verifyInclusion trusts the caller's leaf, so the
        # root itself "verifies" with an empty proof; verifyRecord does not.
        self.check("verifyInclusion(root, [], root) is true (OZ semantics: derive the leaf with leafOf)",
                   chain.view("verifyInclusion", [std_root, [], std_root]) is True)
        self.check("verifyRecord(root, [], root) rejected",
                   chain.view("verifyRecord", [std_root, [], std_root]) is False)

        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / "proof.json"
            p.write_text(json.dumps({"root": hx(std_root), "recordHash": hx(records[3]),
                                     "proof": [hx(x) for x in std_proofs[oz_leaf(records[3])]]}))
            rep = check_proof(chain, load_json(str(p)), str(p))
            self.check("proof file with recordHash accepted", rep.get("included") is True and "error" not in rep)

        total = time.perf_counter() - t_all
        passed = sum(1 for r in self.rows if r[1])
        print(f"\ntotal {total:.2f} s (chainId {cid}, contract {addr})")
        # Alone on its line, in the 'N passed, N failed' form CI runners recognise.
        print(f"selftest: {passed} passed, {self.failures} failed")
        return 1 if self.failures else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--print-domain", action="store_true", help="print the deterministic deployment's chainId and address")
    sub = ap.add_subparsers(dest="cmd")
    sub.add_parser("compile", help="compile and print the submit() signature and selector")
    run = sub.add_parser("run", help="deploy and submit attestations, calldata and proofs")
    run.add_argument("--attestation", action="append", metavar="FILE", help="attestation.json (repeatable)")
    run.add_argument("--calldata", action="append", metavar="FILE", help="raw submit() calldata as hex (repeatable)")
    run.add_argument("--proof", action="append", metavar="FILE", help="proof JSON (repeatable), checked last")
    run.add_argument("--signers", help="comma-separated attester addresses")
    run.add_argument("--threshold", type=int)
    run.add_argument("--print-domain", action="store_true", help="print {chainId, verifyingContract} and exit")
    run.add_argument("--strict", action="store_true", help="exit 1 unless every submission is accepted and every proof holds")
    sub.add_parser("selftest", help="sign attestations with eth-account and check accept/reject cases")
    args = ap.parse_args(argv)
    try:
        if args.print_domain and args.cmd in (None, "compile"):
            return cmd_print_domain()
        if args.cmd == "compile":
            return cmd_compile(args)
        if args.cmd == "run":
            return cmd_run(args)
        if args.cmd == "selftest":
            return SelfTest().run()
        ap.print_help()
        return 2
    except UsageError as exc:
        sys.stderr.write(f"evm_check.py: {exc}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
