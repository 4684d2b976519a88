"""The five seed roadmaps as Word documents, for the tests: the builder is the demo's (``core.demo.roadmap_seeds``),
which ships with the package."""
from core.demo.roadmap_seeds import (
    NAMES,
    RECIPES,
    SEEDS,
    Grid,
    Para,
    build_docx,
    seed_docx,
    seed_filename,
    seed_text,
)

__all__ = ["NAMES", "RECIPES", "SEEDS", "Grid", "Para", "build_docx", "seed_docx", "seed_filename", "seed_text"]
