"""Saves the Hugging Face tokenizer of a GGUF model's vocabulary into a folder, for lm-eval.

Usage: hf_tokenizer_from_gguf.py MODEL.gguf OUT_DIR

lm-eval's `local-completions` needs a tokenizer of its own to find where a continuation starts, and
llama-cpp-python's server offers none that lm-eval can call (lm-eval's remote tokenizer wants vLLM's
`/tokenize` and `/tokenizer_info`). The conversion is transformers' own, the one behind
`AutoTokenizer.from_pretrained(..., gguf_file=...)`; only the reading of the file is done here with the
gguf package, because transformers reads GGUF files only when torch is installed. Whether the result
tokenizes as the server does is checked on every prompt afterwards (compare.py).
"""
import sys

from gguf import GGUFReader
from transformers import LlamaTokenizerFast
from transformers.integrations.ggml import GGUF_TOKENIZER_MAPPING, _gguf_parse_value, convert_gguf_tokenizer


def tokenizer_fields(path):
    """The `tokenizer.*` fields under transformers' names, parsed as transformers parses them."""
    renames = GGUF_TOKENIZER_MAPPING["tokenizer"]
    fields = {}
    for key, field in GGUFReader(path).fields.items():
        name = renames.get(key.removeprefix("tokenizer."))
        if key.startswith("tokenizer.") and name:
            values = [_gguf_parse_value(field.parts[i], field.types) for i in field.data]
            fields[name] = values if name in ("tokens", "scores", "token_type", "merges") else values[0]
    return fields


def main():
    model, out = sys.argv[1], sys.argv[2]
    fields = tokenizer_fields(model)
    backend, extra = convert_gguf_tokenizer("llama", fields)
    tokens = fields["tokens"]
    # Special tokens named from the ids (transformers' converter swaps BOS and EOS in `extra`).
    extra.update(bos_token=tokens[fields["bos_token_id"]], eos_token=tokens[fields["eos_token_id"]],
                 unk_token=tokens[fields["unk_token_id"]])
    tokenizer = LlamaTokenizerFast(tokenizer_object=backend, add_bos_token=False, add_eos_token=False, **extra)
    tokenizer.save_pretrained(out)
    print(f"saved the tokenizer of {model} ({len(tokens)} tokens) to {out}")


if __name__ == "__main__":
    main()
