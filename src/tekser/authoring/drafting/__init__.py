"""The parts of `tekser draft` (see `tekser.authoring.draft`): lexicons, the text cut into
sentences and clauses, date expressions, the proposals, and the drafts/ folder of a package."""
