# Says the generation the server speaks and how it was found, with the connection and the key.
nugen doctor
