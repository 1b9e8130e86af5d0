nugen agents list --include-inactive
