"""chidao: directives in Vietnamese provincial news, tracked as follow-up items."""

__version__ = "0.1.0"
