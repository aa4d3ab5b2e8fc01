"""Entry script that ``prefect.yaml`` points at: the ``notify`` flow.

The flow lives in the package (``chidao.flows.notify``): the CLI and ``chidao serve`` never need this folder.
"""

from chidao.flows.notify import notify

__all__ = ["notify"]

if __name__ == "__main__":
    notify()
