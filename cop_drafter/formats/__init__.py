"""Reading and writing files: plain-text resolutions, project files, atomic saves."""
