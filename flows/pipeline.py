"""Entry script that ``prefect.yaml`` points at: the ``pipeline`` flow.

The flow lives in the package (``chidao.flows.pipeline``): the CLI and ``chidao serve`` never need this folder.
"""

from chidao.flows.pipeline import pipeline

__all__ = ["pipeline"]

if __name__ == "__main__":
    pipeline()
