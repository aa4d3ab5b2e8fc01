"""Entry script that ``prefect.yaml`` points at: the ``track`` flow.

The flow lives in the package (``chidao.flows.track``): the CLI and ``chidao serve`` never need this folder.
"""

from chidao.flows.track import track

__all__ = ["track"]

if __name__ == "__main__":
    track()
