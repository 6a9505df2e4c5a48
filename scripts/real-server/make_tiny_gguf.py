"""Writes a tiny llama-architecture GGUF model with random weights, for tests that need a real
llama.cpp server but may not download weights.

Usage: make_tiny_gguf.py OUT.gguf [--seed N] [--no-bos]

The model: 2 blocks, n_embd 64, 4 heads (2 key/value heads), n_ff 128, float32 weights drawn from a
fixed numpy seed, so the same seed gives the same file. Its tokenizer is SentencePiece-style
(`tokenizer.ggml.model = "llama"`): control tokens <unk> <s> </s>, the 256 byte-fallback tokens
<0x00>..<0xFF> (so any UTF-8 text tokenizes: accents, CJK, emoji), printable ASCII and a few accented
letters, and prefix chains of common words ("▁t", "▁th", "▁the"), because SentencePiece only forms a
piece by merging two pieces that are themselves in the vocabulary. Scores fall with the index, so
merges have one order in every implementation. The weights are untrained: scores on any task are at
chance, which is all a test comparing two clients of the same server needs.

--no-bos writes `tokenizer.ggml.add_bos_token = false`: servers then send the prompt without <s>.
"""
import argparse

import gguf
import numpy as np

N_EMBD, N_HEAD, N_HEAD_KV, N_FF, N_LAYER, N_CTX = 64, 4, 2, 128, 2, 2048
WORDS = """the of and to a in is it that was for on are as with be at by this from or not what which
who where when how true false question answer capital city country world river largest smallest
number one two three four five six seven eight nine ten hundred thousand water sun moon east west
north south water boils degrees sea level earth planet has have people language spoken""".split()
CAPITALISED = "The What Which Who Where Question Answer True False Paris London Berlin Rome Tokyo".split()


def vocabulary():
    """The pieces, their scores and token types, in id order."""
    pieces = [("<unk>", gguf.TokenType.UNKNOWN), ("<s>", gguf.TokenType.CONTROL), ("</s>", gguf.TokenType.CONTROL)]
    pieces += [(f"<0x{b:02X}>", gguf.TokenType.BYTE) for b in range(256)]
    normal = ["▁"] + [chr(c) for c in range(0x21, 0x7F)] + list("éèàüöäñçßáí")
    for word in WORDS + CAPITALISED:
        for end in range(2, len(word) + 2):
            normal.append("▁" + word[:end - 1])
        for end in range(2, len(word) + 1):
            normal.append(word[:end])
    seen = set()
    for piece in normal:
        if piece not in seen:
            seen.add(piece)
            pieces.append((piece, gguf.TokenType.NORMAL))
    scores = [0.0 if kind != gguf.TokenType.NORMAL else -float(i) for i, (_, kind) in enumerate(pieces)]
    return [p for p, _ in pieces], scores, [int(kind) for _, kind in pieces]


def weights(rng, n_vocab):
    """Tensor name to float32 array, in numpy's (rows = output) layout, which GGUF stores reversed."""
    head_dim = N_EMBD // N_HEAD

    def normal(shape, std):
        return (rng.standard_normal(shape) * std).astype(np.float32)

    scale = 1.0 / np.sqrt(N_EMBD)
    tensors = {"token_embd.weight": normal((n_vocab, N_EMBD), 1.0)}
    for b in range(N_LAYER):
        blk = f"blk.{b}."
        tensors[blk + "attn_norm.weight"] = np.ones(N_EMBD, dtype=np.float32)
        tensors[blk + "attn_q.weight"] = normal((N_HEAD * head_dim, N_EMBD), scale)
        tensors[blk + "attn_k.weight"] = normal((N_HEAD_KV * head_dim, N_EMBD), scale)
        tensors[blk + "attn_v.weight"] = normal((N_HEAD_KV * head_dim, N_EMBD), scale)
        tensors[blk + "attn_output.weight"] = normal((N_EMBD, N_HEAD * head_dim), scale)
        tensors[blk + "ffn_norm.weight"] = np.ones(N_EMBD, dtype=np.float32)
        tensors[blk + "ffn_gate.weight"] = normal((N_FF, N_EMBD), scale)
        tensors[blk + "ffn_up.weight"] = normal((N_FF, N_EMBD), scale)
        tensors[blk + "ffn_down.weight"] = normal((N_EMBD, N_FF), 1.0 / np.sqrt(N_FF))
    tensors["output_norm.weight"] = np.ones(N_EMBD, dtype=np.float32)
    # Logits with a standard deviation near 2: choices get clearly different log-likelihoods.
    tensors["output.weight"] = normal((n_vocab, N_EMBD), 0.25)
    return tensors


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--no-bos", action="store_true", help="do not ask servers to prepend <s>")
    args = parser.parse_args()

    tokens, scores, types = vocabulary()
    writer = gguf.GGUFWriter(args.out, gguf.MODEL_ARCH_NAMES[gguf.MODEL_ARCH.LLAMA])
    writer.add_name("merit-tiny-random")
    writer.add_context_length(N_CTX)
    writer.add_embedding_length(N_EMBD)
    writer.add_block_count(N_LAYER)
    writer.add_feed_forward_length(N_FF)
    writer.add_head_count(N_HEAD)
    writer.add_head_count_kv(N_HEAD_KV)
    writer.add_rope_dimension_count(N_EMBD // N_HEAD)
    writer.add_rope_freq_base(10000.0)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_vocab_size(len(tokens))
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_add_bos_token(not args.no_bos)
    writer.add_add_eos_token(False)
    writer.add_add_space_prefix(True)
    for name, tensor in weights(np.random.default_rng(args.seed), len(tokens)).items():
        writer.add_tensor(name, tensor)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    print(f"wrote {args.out}: {len(tokens)} tokens, {N_LAYER} blocks, n_embd {N_EMBD}")


if __name__ == "__main__":
    main()
