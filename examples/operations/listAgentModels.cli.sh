nugen agents models
