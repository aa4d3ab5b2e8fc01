"""Vietnamese text stages: cleaning, classification and directive extraction (pure, spaCy-based)."""
