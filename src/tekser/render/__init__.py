"""Reports for people and machines: the terminal, CI formats, a finding's card."""
