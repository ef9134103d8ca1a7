"""The model document: pydantic classes, units, loading JSON/YAML."""

from arna.schema.document import ModelDocument, Scenario, Timestepper
from arna.schema.load import load_model, model_from_mapping

__all__ = ["ModelDocument", "Scenario", "Timestepper", "load_model", "model_from_mapping"]
