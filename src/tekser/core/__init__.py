"""The model every stage shares: findings, decisions and the report as plain types, the
contract's schemas and vocabularies, errors, atomic files, SQL cells."""
