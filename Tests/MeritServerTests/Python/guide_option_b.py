# The registration guide's "Option B: Simple Registration with Direct MLflow" (the reference ecosystem's
# model registration guide, Step 3), copied unchanged except for two things:
#   - guide_check.py runs it with the host https://registry.hokus.ai replaced by the test server's URL;
#   - log_model passes skops_trusted_types=["sklearn.tree._tree.Tree"]: mlflow 3.x refuses to serialise a
#     random forest without it, against any server (MLflow's own included).
import os
import mlflow
from sklearn.ensemble import RandomForestClassifier
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from sklearn.metrics import accuracy_score

# Set up MLflow
mlflow.set_tracking_uri("https://registry.hokus.ai/api/mlflow")
os.environ["MLFLOW_TRACKING_TOKEN"] = os.getenv("HOKUSAI_API_KEY")

# Train your model
X, y = make_classification(n_samples=1000, n_features=20, random_state=42)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)

model = RandomForestClassifier(n_estimators=100, random_state=42)
model.fit(X_train, y_train)

# Calculate metrics
accuracy = accuracy_score(y_test, model.predict(X_test))

# Register with MLflow
with mlflow.start_run() as run:
    # Log model with Hokusai metadata
    mlflow.sklearn.log_model(
        model, 
        "model",
        registered_model_name="my-classifier",
        skops_trusted_types=["sklearn.tree._tree.Tree"]
    )
    
    # Required Hokusai tags
    mlflow.set_tag("hokusai_token_id", "CLASS-001")
    mlflow.set_tag("benchmark_metric", "accuracy")
    mlflow.set_tag("benchmark_value", str(accuracy))
    
    # Log metrics
    mlflow.log_metric("accuracy", accuracy)
    
    print(f"✅ Model registered with run ID: {run.info.run_id}")
