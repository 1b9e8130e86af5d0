# Keys are masked to their last four characters; --show-keys shows them whole.
nugen keys list
