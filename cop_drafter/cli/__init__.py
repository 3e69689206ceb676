"""The `cop-drafter` command line."""
