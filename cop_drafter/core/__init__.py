"""Pure-Python core: the resolution model, ITU rules and the draft. No Qt here."""
