nugen models list --base
