"""The versions of the libraries whose numerics shape a trained model."""

import keras
import numpy as np


def library_versions():
    """Versions of the libraries whose numerics shape a trained model."""
    import importlib
    import platform

    backend = keras.backend.backend()
    return {"python": platform.python_version(), backend: importlib.import_module(backend).__version__,
            "keras": keras.__version__, "numpy": np.__version__}
