"""The curator's desk: `tekser review` as a full-screen terminal application (Textual).

`app` holds the application and its keys, `screens` its prompts, `widgets` what it shows,
`session` the state of a review (the queue, its filter, this session's decisions) without
any Textual, and `desk.tcss` the layout and colours."""

from __future__ import annotations

from tekser.desk.session import ReviewSession

__all__ = ["ReviewSession", "run_desk"]


def run_desk(session: ReviewSession) -> int:
    """Run the desk on the terminal until the curator quits; its exit code (130 when
    interrupted by Ctrl-C or SIGTERM)."""
    from tekser.desk.app import DeskApp

    app = DeskApp(session)
    app.run()
    return app.return_code or 0
