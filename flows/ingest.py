"""Entry script that ``prefect.yaml`` points at: the ``ingest`` flow.

The flow lives in the package (``chidao.flows.ingest``): the CLI and ``chidao serve`` never need this folder.
"""

from chidao.flows.ingest import ingest

__all__ = ["ingest"]

if __name__ == "__main__":
    ingest()
