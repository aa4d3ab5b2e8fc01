"""Fixtures for the notification tests.

The Slack-compatible server fixture is imported here rather than in each test module: a module that both
imports ``slack_server`` and takes it as a parameter trips ruff's F811 (redefinition).
"""

from tests.support.slack_server import slack_server  # noqa: F401
