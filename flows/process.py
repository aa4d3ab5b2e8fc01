"""Entry script that ``prefect.yaml`` points at: the ``process`` flow.

The flow lives in the package (``chidao.flows.process``): the CLI and ``chidao serve`` never need this folder.
"""

from chidao.flows.process import process

__all__ = ["process"]

if __name__ == "__main__":
    process()
