// MeritServer: the Hummingbird 2 application behind `merit serve`: the native API under /api/v1, the
// MLflow-compatible REST API, health, Prometheus metrics and the job worker. One controller per concern
// (Controllers/), each registering its routes with their access rules; the two APIs are router groups,
// each with one error middleware that gives every thrown error that API's shape. Wire formats (MLflow
// JSON) are DTOs that live here, apart from the domain types. Storage is MeritStore's.
import Hummingbird
