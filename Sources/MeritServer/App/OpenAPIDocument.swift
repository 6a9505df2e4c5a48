import Foundation

/// The native API's OpenAPI 3.1 description, served at /api/v1/openapi.json.
enum OpenAPIDocument {
    /// The document served: `source` with an error response added to every operation that lacks one
    /// (`default`: 400 bad input, 401 no key, 403 weaker key, 404 unknown, in the Error shape).
    static let json: String = {
        guard var doc = try? JSONSerialization.jsonObject(with: Data(source.utf8)) as? [String: Any],
              var paths = doc["paths"] as? [String: Any] else { return source }
        let error: [String: Any] = ["description": "an error: 400 bad input, 401 without a key, 403 for a key whose role is too weak, 404 unknown; the message says what to fix",
                                    "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
        for (path, item) in paths {
            guard var ops = item as? [String: Any] else { continue }
            for (method, op) in ops where ["get", "put", "post", "patch", "delete"].contains(method) {
                guard var o = op as? [String: Any], var responses = o["responses"] as? [String: Any] else { continue }
                if responses["default"] == nil { responses["default"] = error }
                o["responses"] = responses
                ops[method] = o
            }
            paths[path] = ops
        }
        doc["paths"] = paths
        guard let data = try? JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys]) else { return source }
        return String(decoding: data, as: UTF8.self)
    }()

    static let source = """
    {"openapi":"3.1.0","info":{"title":"Merit registry API","version":"1"},
     "components":{"securitySchemes":{"bearer":{"type":"http","scheme":"bearer","description":"merit_<id>_<secret> from `merit api-keys create`"}},
      "schemas":{
       "Error":{"type":"object","properties":{"error":{"type":"object","properties":{"code":{"type":"string"},"message":{"type":"string"}},"required":["code","message"]}}},
       "Model":{"type":"object","properties":{"name":{"type":"string"},"token_id":{"type":["string","null"],"pattern":"^[A-Z][A-Z0-9-]{2,31}$"},"ticker":{"type":["string","null"],"pattern":"^[A-Z]{3,6}$"},
         "token_status":{"type":"object","properties":{"state":{"type":"string","enum":["not_tokenized","needs_attention","incomplete","ready"]},"reasons":{"type":"array","items":{"type":"string"}}}},"description":{"type":"string"},
         "category":{"type":["string","null"]},"license":{"type":["string","null"],"enum":["decentralized","proprietary","open-source",null]},
         "metric":{"type":"object","properties":{"name":{"type":["string","null"]},"direction":{"type":["string","null"],"enum":["maximize","minimize",null]}}},
         "baseline":{"type":["number","null"]},"token":{"type":"object","properties":{"tokens_per_delta_one":{"type":["integer","null"]},"contributor_share_bps":{"type":["integer","null"]}}},
         "spec_hash":{"type":["string","null"]},"tags":{"type":"object","additionalProperties":{"type":"string"}},"aliases":{"type":"object","additionalProperties":{"type":"integer"}},
         "created_ms":{"type":"integer"},"updated_ms":{"type":"integer"}},"required":["name","tags","aliases"]},
       "Version":{"type":"object","properties":{"model":{"type":"string"},"version":{"type":"integer"},"semver":{"type":["string","null"]},
         "stage":{"type":"string","enum":["dev","staging","production","archived"]},"aliases":{"type":"array","items":{"type":"string"}},
         "parent_version":{"type":["integer","null"]},"datasets":{"type":"array","items":{"type":"object","properties":{"role":{"type":"string"},"root":{"type":"string"},"records":{"type":"integer"}}}},
         "source":{"type":"string"},"run_id":{"type":["string","null"]},"description":{"type":"string"},"created_ms":{"type":"integer"}},"required":["model","version","stage"]}}},
     "security":[{"bearer":[]}],
     "paths":{
      "/api/v1/models":{
        "get":{"summary":"List and search models","parameters":[{"name":"ticker","in":"query","schema":{"type":"string"}},{"name":"token_id","in":"query","schema":{"type":"string"}},{"name":"q","in":"query","schema":{"type":"string"}},{"name":"category","in":"query","schema":{"type":"string"}}],
          "responses":{"200":{"description":"models","content":{"application/json":{"schema":{"type":"object","properties":{"models":{"type":"array","items":{"$ref":"#/components/schemas/Model"}}}}}}},"401":{"description":"no key (when anonymous reads are off)"}}},
        "post":{"summary":"Create a model from its spec (YAML or JSON body; see the README's model spec)","requestBody":{"required":true,"content":{"application/yaml":{"schema":{"type":"string"}},"application/json":{"schema":{"type":"object"}}}},
          "responses":{"201":{"description":"created","content":{"application/json":{"schema":{"type":"object","properties":{"model":{"$ref":"#/components/schemas/Model"}}}}}},"400":{"description":"invalid spec","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Error"}}}},"401":{"description":"no key"},"403":{"description":"role below owner"},"409":{"description":"name or ticker taken"}}}},
      "/api/v1/models/{name}":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}}],
        "get":{"summary":"Get a model","responses":{"200":{"description":"the model"},"404":{"description":"unknown"}}},
        "delete":{"summary":"Delete a model with its versions, aliases and registered data; refused (400) once it has contributions, whose reports and attestations are kept","responses":{"204":{"description":"deleted"},"400":{"description":"the model has contributions"},"404":{"description":"unknown"}}},
        "patch":{"summary":"Update description, category, baseline, license or ticker","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"description":{"type":"string"},"category":{"type":"string"},"baseline":{"type":"number"},"license":{"type":"string"},"ticker":{"type":"string","pattern":"^[A-Z]{3,6}$"}}}}}},"responses":{"200":{"description":"updated"},"401":{"description":"no key"},"403":{"description":"not the owner"}}}},
      "/api/v1/models/{name}/versions":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}}],
        "get":{"summary":"List versions, newest first","responses":{"200":{"description":"versions"}}},
        "post":{"summary":"Create a version with lineage","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"semver":{"type":"string"},"parent_version":{"type":"integer"},"description":{"type":"string"},"source":{"type":"string"},"datasets":{"type":"array","items":{"type":"object","properties":{"role":{"type":"string"},"root":{"type":"string"},"records":{"type":"integer"}}}}}}}}},"responses":{"201":{"description":"created"},"401":{"description":"no key"},"403":{"description":"not the owner"}}}},
      "/api/v1/models/{name}/versions/{version}":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}},{"name":"version","in":"path","required":true,"schema":{"type":"integer"}}],
        "get":{"summary":"Get a version","responses":{"200":{"description":"the version"},"404":{"description":"unknown"}}}},
      "/api/v1/models/{name}/versions/{version}/stage":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}},{"name":"version","in":"path","required":true,"schema":{"type":"integer"}}],
        "post":{"summary":"Move a version to dev, staging, production or archived (production archives the previous one)","requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","required":["stage"],"properties":{"stage":{"type":"string","enum":["dev","staging","production","archived"]}}}}}},"responses":{"200":{"description":"moved"}}}},
      "/api/v1/models/{name}/aliases/{alias}":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}},{"name":"alias","in":"path","required":true,"schema":{"type":"string"}}],
        "put":{"summary":"Point an alias at a version","requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","required":["version"],"properties":{"version":{"type":"integer","minimum":1}}}}}},"responses":{"200":{"description":"set"}}}},
      "/api/v1/models/{name}/rollback":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}}],
        "post":{"summary":"Move production back to the previous production version","responses":{"200":{"description":"the version now in production"},"400":{"description":"nothing to roll back to"}}}},
      "/api/v1/models/{name}/data/{role}":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}},{"name":"role","in":"path","required":true,"schema":{"type":"string","enum":["base","benchmark"]}},{"name":"file","in":"query","schema":{"type":"string"},"description":"file name ending in .csv or .jsonl"}],
        "get":{"summary":"Download the registered base or benchmark file: the model's owner, admins and attesters only (403 for anyone else)","responses":{"200":{"description":"the file","content":{"application/octet-stream":{"schema":{"type":"string","format":"binary"}}}},"403":{"description":"not the owner, an admin or an attester"},"404":{"description":"no such data"}}},
        "put":{"summary":"Register the model's base or benchmark data (streamed body); fingerprinted with the model's spec","requestBody":{"content":{"application/octet-stream":{"schema":{"type":"string","format":"binary"}}}},"responses":{"200":{"description":"root and record count"},"401":{"description":"no key"},"403":{"description":"not the owner"},"413":{"description":"over --max-upload-bytes"}}}},
      "/api/v1/models/{name}/data":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}}],"get":{"summary":"The registered data","responses":{"200":{"description":"base and benchmark, with roots"}}}},
      "/api/v1/models/{name}/contributions":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}}],
        "post":{"summary":"Submit a contribution (streamed body); it becomes a job","parameters":[{"name":"Idempotency-Key","in":"header","schema":{"type":"string"},"description":"scoped to your API key and the model: the same key with the same file, ?file= and ?contributor= returns the first contribution (200); with a different request it is a 409; an empty key is a 400"},{"name":"file","in":"query","schema":{"type":"string"}},{"name":"contributor","in":"query","required":true,"schema":{"type":"array","items":{"type":"string"}},"description":"0xADDRESS[:BPS], repeatable; weights total 10000"}],
          "requestBody":{"content":{"application/octet-stream":{"schema":{"type":"string","format":"binary"}}}},"responses":{"202":{"description":"queued"},"200":{"description":"an earlier submission with this Idempotency-Key"},"409":{"description":"this Idempotency-Key was used for a different request"},"400":{"description":"bad payees or file name"},"401":{"description":"no key"},"403":{"description":"role below contributor"},"413":{"description":"too large"}}},
        "get":{"summary":"The model's contributions, newest first","responses":{"200":{"description":"contributions"}}}},
      "/api/v1/models/{name}/lineage":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}}],
        "get":{"summary":"The versions Merit trained, oldest first: parent, metric with its 95% interval, DeltaOnes, contributors, training root and records, consistency proof, model hash, report and attestation digests","responses":{"200":{"description":"the lineage and the head"},"404":{"description":"no such model"}}}},
      "/api/v1/models/{name}/spec":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}}],
        "get":{"summary":"The model's spec as canonical JSON (what its spec_hash commits to), so clients type and hash rows as Merit does","responses":{"200":{"description":"the spec"},"404":{"description":"no such model, or registered through MLflow without a spec"}}}},
      "/api/v1/models/{name}/versions/{version}/proof":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}},{"name":"version","in":"path","required":true,"schema":{"type":"integer"}},{"name":"record_hash","in":"query","required":true,"schema":{"type":"string"},"description":"0x keccak256 of the record (merit prove --server computes it)"}],
        "get":{"summary":"Inclusion proof of a record in the training set of a version Merit trained, against its training root (OpenZeppelin MerkleProof.verify)","responses":{"200":{"description":"the proof, with the attestation digest that signs the root"},"404":{"description":"not in that version's training data, or no such version"}}}},
      "/api/v1/models/{name}/versions/{version}/attestation":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}},{"name":"version","in":"path","required":true,"schema":{"type":"integer"}}],
        "get":{"summary":"What the attesters signed about a version Merit trained: version 1's ModelVersion record, or the DeltaOne attestation of the contribution that made a later version (docs/attestation.md)","responses":{"200":{"description":"attestation.json"},"404":{"description":"no such version, or not signed"}}}},
      "/api/v1/attesters":{"get":{"summary":"Who signs this server's attestations: addresses, chain id, verifying contract (no key needed)","security":[],"responses":{"200":{"description":"the attesters and the EIP-712 domain"}}}},
      "/api/v1/jobs":{"get":{"summary":"All jobs, optionally by state","parameters":[{"name":"state","in":"query","schema":{"type":"string","enum":["queued","running","done","rejected","failed"]}}],"responses":{"200":{"description":"jobs"}}}},
      "/api/v1/contributions/{id}":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],"get":{"summary":"A contribution and its job state","responses":{"200":{"description":"the contribution"},"404":{"description":"unknown"}}}},
      "/api/v1/contributions/{id}/file":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],"get":{"summary":"Download the uploaded file: its contributor, the model's owner and admins only (403 for anyone else)","responses":{"200":{"description":"the file","content":{"application/octet-stream":{"schema":{"type":"string","format":"binary"}}}},"403":{"description":"not the uploader, the model's owner or an admin"}}}},
      "/api/v1/contributions/{id}/report":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],"get":{"summary":"report.json of the evaluation","responses":{"200":{"description":"the report"},"404":{"description":"not ready"}}}},
      "/api/v1/contributions/{id}/attestation":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],"get":{"summary":"attestation.json (docs/attestation.md), signed with the server's key","responses":{"200":{"description":"the attestation"},"404":{"description":"not ready or no signing key"}}}},
      "/api/v1/contributions/{id}/proof":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}},{"name":"record_hash","in":"query","schema":{"type":"string"}},{"name":"record","in":"query","schema":{"type":"integer"}}],"get":{"summary":"Inclusion proof of a record in the contribution's Merkle root (OpenZeppelin MerkleProof)","responses":{"200":{"description":"root, leaf, proof"},"404":{"description":"not in the contribution"}}}},
      "/api/v1/attestations/verify":{"post":{"summary":"Verify an attestation's signatures and threshold","parameters":[{"name":"signers","in":"query","schema":{"type":"string"},"description":"comma-separated addresses"},{"name":"threshold","in":"query","schema":{"type":"integer"}}],"requestBody":{"content":{"application/json":{"schema":{"type":"object"}}}},"responses":{"200":{"description":"{ok, digest, valid_signers, problem}"}}}},
      "/api/v1/leaderboard":{"get":{"summary":"The endpoint leaderboard from the signed watch rounds (docs/watch.md): per endpoint and task the score with its stderr and 95% interval over the sliding window, the average over tasks, availability, latency and TTFT percentiles, identity verdicts with evidence, and history","parameters":[{"name":"window","in":"query","schema":{"type":"integer","minimum":1,"maximum":1000,"default":10},"description":"rounds in the sliding window"}],
        "responses":{"200":{"description":"the leaderboard (the same document as `merit leaderboard --json`)","content":{"application/json":{"schema":{"type":"object","properties":{"windowFrom":{"type":"integer"},"windowTo":{"type":"integer"},"windowRounds":{"type":"integer"},"headDigest":{"type":["string","null"]},"entries":{"type":"array","items":{"type":"object"}}}}}}}}}},
      "/api/v1/watch/endpoints":{"get":{"summary":"The watched endpoints (their API keys are never stored; only the name of the variable holding one)","responses":{"200":{"description":"endpoints"}}}},
      "/api/v1/watch/rounds":{"get":{"summary":"The signed rounds, oldest first","parameters":[{"name":"limit","in":"query","schema":{"type":"integer","minimum":1,"maximum":10000,"default":100},"description":"the last N rounds"}],"responses":{"200":{"description":"round numbers, digests, links and signers"}}}},
      "/api/v1/watch/rounds/{round}":{"parameters":[{"name":"round","in":"path","required":true,"schema":{"type":"integer"}}],"get":{"summary":"One round: the signed EIP-712 record and the exact data bytes its section hashes commit to","responses":{"200":{"description":"{record, data}"},"404":{"description":"no such round"}}}},
      "/api/v1/watch/verify":{"get":{"summary":"Verify the whole chain of rounds: signatures, links, numbering, section hashes and probe seeds","responses":{"200":{"description":"ok, the head digest, and any round that fails with its problems"}}}},
      "/leaderboard":{"get":{"summary":"The leaderboard as an HTML page: intervals drawn as bars, QoS, identity verdicts with evidence, history plots","parameters":[{"name":"window","in":"query","schema":{"type":"integer","minimum":1,"maximum":1000,"default":10}}],"responses":{"200":{"description":"the page","content":{"text/html":{"schema":{"type":"string"}}}}}}},
      "/health":{"get":{"summary":"Liveness","security":[],"responses":{"200":{"description":"OK"}}}},
      "/api/health":{"get":{"summary":"Liveness (the path the guides use)","security":[],"responses":{"200":{"description":"OK"}}}},
      "/metrics":{"get":{"summary":"Prometheus metrics","security":[],"responses":{"200":{"description":"text exposition format"}}}}}}
    """
}
