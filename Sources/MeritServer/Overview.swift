// MeritServer: the Hummingbird 2 application behind `merit serve`: the native API under /api/v1, the
// MLflow-compatible REST API, health, Prometheus metrics and the job worker. Wire formats (MLflow JSON)
// are DTOs that live here, apart from the domain types. Handlers are thin; storage is MeritStore's.
import Hummingbird
