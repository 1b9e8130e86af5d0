nugen evaluations list
