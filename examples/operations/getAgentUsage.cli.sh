nugen agents usage
