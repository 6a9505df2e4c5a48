/// The native API's OpenAPI 3.1 description, served at /api/v1/openapi.json.
enum OpenAPIDocument {
    static let json = """
    {"openapi":"3.1.0","info":{"title":"Merit registry API","version":"1"},
     "components":{"securitySchemes":{"bearer":{"type":"http","scheme":"bearer","description":"merit_<id>_<secret> from `merit keys create`"}},
      "schemas":{
       "Error":{"type":"object","properties":{"error":{"type":"object","properties":{"code":{"type":"string"},"message":{"type":"string"}},"required":["code","message"]}}},
       "Model":{"type":"object","properties":{"name":{"type":"string"},"ticker":{"type":["string","null"],"pattern":"^[A-Z]{3,6}$"},"description":{"type":"string"},
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
        "get":{"summary":"List and search models","parameters":[{"name":"ticker","in":"query","schema":{"type":"string"}},{"name":"q","in":"query","schema":{"type":"string"}},{"name":"category","in":"query","schema":{"type":"string"}}],
          "responses":{"200":{"description":"models","content":{"application/json":{"schema":{"type":"object","properties":{"models":{"type":"array","items":{"$ref":"#/components/schemas/Model"}}}}}}},"401":{"description":"no key (when anonymous reads are off)"}}},
        "post":{"summary":"Create a model from its spec (YAML or JSON body; see the README's model spec)","requestBody":{"required":true,"content":{"application/yaml":{"schema":{"type":"string"}},"application/json":{"schema":{"type":"object"}}}},
          "responses":{"201":{"description":"created","content":{"application/json":{"schema":{"type":"object","properties":{"model":{"$ref":"#/components/schemas/Model"}}}}}},"400":{"description":"invalid spec","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Error"}}}},"401":{"description":"no key"},"403":{"description":"role below owner"},"409":{"description":"name or ticker taken"}}}},
      "/api/v1/models/{name}":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}}],
        "get":{"summary":"Get a model","responses":{"200":{"description":"the model"},"404":{"description":"unknown"}}},
        "patch":{"summary":"Update description, category, baseline or license","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"description":{"type":"string"},"category":{"type":"string"},"baseline":{"type":"number"},"license":{"type":"string"}}}}}},"responses":{"200":{"description":"updated"},"401":{"description":"no key"},"403":{"description":"not the owner"}}}},
      "/api/v1/models/{name}/versions":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}}],
        "get":{"summary":"List versions, newest first","responses":{"200":{"description":"versions"}}},
        "post":{"summary":"Create a version with lineage","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"semver":{"type":"string"},"parent_version":{"type":"integer"},"description":{"type":"string"},"source":{"type":"string"},"datasets":{"type":"array","items":{"type":"object","properties":{"role":{"type":"string"},"root":{"type":"string"},"records":{"type":"integer"}}}}}}}}},"responses":{"201":{"description":"created"},"401":{"description":"no key"},"403":{"description":"not the owner"}}}},
      "/api/v1/models/{name}/versions/{version}":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}},{"name":"version","in":"path","required":true,"schema":{"type":"integer"}}],
        "get":{"summary":"Get a version","responses":{"200":{"description":"the version"},"404":{"description":"unknown"}}}},
      "/api/v1/models/{name}/versions/{version}/stage":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}},{"name":"version","in":"path","required":true,"schema":{"type":"integer"}}],
        "post":{"summary":"Move a version to dev, staging, production or archived (production archives the previous one)","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"stage":{"type":"string"}}}}}},"responses":{"200":{"description":"moved"}}}},
      "/api/v1/models/{name}/aliases/{alias}":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}},{"name":"alias","in":"path","required":true,"schema":{"type":"string"}}],
        "put":{"summary":"Point an alias at a version","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"version":{"type":"integer"}}}}}},"responses":{"200":{"description":"set"}}}},
      "/api/v1/models/{name}/rollback":{"parameters":[{"name":"name","in":"path","required":true,"schema":{"type":"string"}}],
        "post":{"summary":"Move production back to the previous production version","responses":{"200":{"description":"the version now in production"},"400":{"description":"nothing to roll back to"}}}},
      "/health":{"get":{"summary":"Liveness","security":[],"responses":{"200":{"description":"OK"}}}},
      "/metrics":{"get":{"summary":"Prometheus metrics","security":[],"responses":{"200":{"description":"text exposition format"}}}}}}
    """
}
